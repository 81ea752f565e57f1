import {strict as assert} from 'node:assert'
import {groupFindings, PLACES_SHOWN} from '../../src/lib/report/group.js'
import {buildReport} from '../../src/lib/report/build.js'
import {render} from '../../src/lib/report/outputs.js'
import {PLAIN} from '../../src/lib/report/style.js'
import type {Finding} from '../../src/lib/report/types.js'

const f = (over: Partial<Finding>): Finding => ({id: 'CM107', name: 'deprecated-api', severity: 'warning', message: 'one object', cluster: 'apps', ...over})

describe('grouping repeated findings', () => {
  it('groups by (id, cluster, peer, severity, group); findings without a group stay alone', () => {
    const shown = groupFindings([
      f({group: 'v1beta1 ExternalSecret', groupMessage: 'ExternalSecret objects use v1beta1', file: 'a.yaml', line: 1}),
      f({group: 'v1beta1 ExternalSecret', groupMessage: 'ExternalSecret objects use v1beta1', file: 'b.yaml', line: 1}),
      f({group: 'v1beta1 ExternalSecret', cluster: 'infra', file: 'a.yaml', line: 1}),
      f({message: 'alone'}),
      f({message: 'alone'}),
    ])
    assert.deepEqual(shown.map((s) => [s.first.cluster, s.occurrences.length, s.message]), [
      ['apps', 2, 'ExternalSecret objects use v1beta1'],
      ['infra', 1, 'one object'],
      ['apps', 1, 'alone'],
      ['apps', 1, 'alone'],
    ])
  })

  it('text names the object of each place when they differ and caps the places; json keeps each occurrence', () => {
    const findings = Array.from({length: PLACES_SHOWN + 3}, (_, i) =>
      f({group: 'g', groupMessage: 'ExternalSecret objects use v1beta1', file: `es/${String(i).padStart(2, '0')}.yaml`, line: 2, column: 13, resource: {kind: 'ExternalSecret', namespace: 'ns', name: `es${i}`}}),
    )
    const report = buildReport({command: 'lint', version: '0', findings, results: [{id: 'CM107', name: 'deprecated-api', category: 'gitops', title: '', cluster: 'apps', status: 'fail'}]}, {failOn: 'error', minSeverity: 'info'})
    const text = render(report, 'text', PLAIN)
    assert.match(text, /warn CM107 ExternalSecret objects use v1beta1 \(13 places\)\n {6}at es\/00\.yaml:2:13 \(ExternalSecret ns\/es0\)\n/)
    assert.match(text, / {6}… and 3 more \(run with -v to see all, or -o json\)\n/)
    assert.equal(text.match(/^ {6}at /gm)?.length, PLACES_SHOWN)
    assert.equal(render(report, 'text', PLAIN, {verbose: true}).match(/^ {6}at /gm)?.length, PLACES_SHOWN + 3)
    assert.equal(JSON.parse(render(report, 'json', PLAIN)).findings.length, PLACES_SHOWN + 3)
    assert.match(text, /^lint passed: 0 errors, 13 warnings grouped into 1 finding; 1 check, 0 skipped$/m)
  })
})
