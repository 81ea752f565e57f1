import {strict as assert} from 'node:assert'
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import AjvDraft04 from 'ajv-draft-04'
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {runChecks} from '../../src/lib/checks/engine.js'
import {buildReport} from '../../src/lib/report/build.js'
import {parseOutputs, render} from '../../src/lib/report/outputs.js'
import {detectStyle, PLAIN} from '../../src/lib/report/style.js'
import type {Report} from '../../src/lib/report/types.js'
import {sampleChecks, sampleModel} from '../support/sample-report.js'

const require = createRequire(import.meta.url)
// ajv-draft-04 is CommonJS with exports.default: under NodeNext the class is on .default.
type AjvClass = new (options: Record<string, unknown>) => {compile(schema: unknown): ((data: unknown) => boolean) & {errors?: unknown}}
const Ajv = ((AjvDraft04 as unknown as {default?: AjvClass}).default ?? AjvDraft04) as unknown as AjvClass

async function report(): Promise<Report> {
  const run = await runChecks(sampleChecks, sampleModel)
  return buildReport({command: 'lint', version: '1.2.3', root: '/repo', ...run}, {failOn: 'error', minSeverity: 'info'})
}

describe('renderers', () => {
  it('text: findings by cluster with a hint and a docs pointer under each, one line per category for passes and skips, a summary', async () => {
    const text = render(await report(), 'text', {color: false, unicode: true})
    assert.match(text, /cluster apps\n/)
    assert.match(text, /✗ CM203 clusters infra and apps both use cluster id 1 \(peer infra\)\n\s+at kubernetes\/clusters\/apps\/cluster-settings.yaml:8:3\n\s+hint: give every cluster in the mesh its own id \(1-255\)\n\s+see: kubectl mesh explain CM203/)
    // The checklist is for -v; the default says how many passed and were skipped.
    assert.doesNotMatch(text, /CM205 pod-cidr-overlap|✓ CM203/)
    assert.match(text, /^○ 1 ClusterMesh check skipped \(run with -v to see why\)$/m)
    assert.match(text.trimEnd().split('\n').at(-1)!, /^lint failed: 1 error, 1 warning; 6 checks, 1 skipped$/)
    assert.doesNotMatch(text, /\u001b\[/, 'no colour codes without colour')
  })
  it('text -v: the full checklist of every cluster, with why a check was skipped', async () => {
    const text = render(await report(), 'text', {color: false, unicode: true}, {verbose: true})
    assert.match(text, /✗ CM203 clusters infra and apps both use cluster id 1 \(peer infra\)\n\s+at kubernetes\/clusters\/apps\/cluster-settings.yaml:8:3/)
    assert.match(text, /○ CM205 pod-cidr-overlap \(skipped: PodCIDR is a SOPS-encrypted value\)/)
    assert.match(text, /cluster infra\n(.*\n)*  ✓ CM203 duplicate-cluster-id/)
    assert.doesNotMatch(text, /checks passed|checks? skipped \(run/)
    assert.match(text.trimEnd().split('\n').at(-1)!, /^lint failed: 1 error, 1 warning; 6 checks, 1 skipped$/)
  })
  it('text: ASCII words when the terminal is not UTF-8 or TERM=dumb; colour only on a TTY without NO_COLOR', async () => {
    const style = detectStyle({env: {TERM: 'dumb', LANG: 'en_US.UTF-8'}, isTTY: true})
    assert.deepEqual(style, {color: false, unicode: false})
    const text = render(await report(), 'text', style)
    assert.match(text, /FAIL CM203/)
    assert.match(text, /^skip 1 ClusterMesh check skipped/m)
    assert.match(render(await report(), 'text', style, {verbose: true}), /skip CM205/)
    assert.doesNotMatch(text, /[✓✗⚠○]/)
    assert.equal(detectStyle({env: {NO_COLOR: ''}, isTTY: true}).color, false, 'NO_COLOR with any value')
    assert.equal(detectStyle({env: {}, isTTY: false}).color, false)
    assert.equal(detectStyle({env: {}, isTTY: true, noColorFlag: true}).color, false)
    assert.equal(detectStyle({env: {LANG: 'C'}, isTTY: true}).unicode, false)
    assert.match(render(await report(), 'text', {color: true, unicode: true}), /\u001b\[31m✗/)
  })
  it('short: only what is not passing, and one summary line with versions', async () => {
    const lines = render(await report(), 'short', PLAIN).trimEnd().split('\n')
    assert.deepEqual(lines.slice(0, 3), [
      'error CM203 [apps→infra] clusters infra and apps both use cluster id 1 (kubernetes/clusters/apps/cluster-settings.yaml:8:3)',
      'warning CM217 [infra] chart 1.18.1 here, 1.17.4 in apps (kubernetes/infrastructure/cilium/helmrelease.yaml:12:7)',
      'skipped CM205 [apps] PodCIDR is a SOPS-encrypted value',
    ])
    assert.match(lines[3], /^lint failed: .*\(kubectl-mesh 1\.2\.3, node \d+\.\d+\.\d+\)$/)
    assert.equal(lines.length, 4)
  })
  it('json: the contract shape with schemaVersion 1, fields omitted rather than null', async () => {
    const json = JSON.parse(render(await report(), 'json', PLAIN))
    assert.equal(json.schemaVersion, 1)
    assert.deepEqual(Object.keys(json.summary), ['error', 'warning', 'info', 'checks', 'skipped'])
    const f = json.findings.find((x: {id: string}) => x.id === 'CM203')
    assert.deepEqual(
      {id: f.id, name: f.name, severity: f.severity, cluster: f.cluster, peer: f.peer, file: f.file, line: f.line, column: f.column, docs: f.docs},
      {id: 'CM203', name: 'duplicate-cluster-id', severity: 'error', cluster: 'apps', peer: 'infra', file: 'kubernetes/clusters/apps/cluster-settings.yaml', line: 8, column: 3, docs: 'docs/checks/CM203.md'},
    )
    assert.ok(!JSON.stringify(json).includes('null'))
  })
  it('sarif: validates against the SARIF 2.1.0 schema, one rule per check with help text, real regions', async () => {
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'))
    const ajv = new Ajv({allErrors: true, strict: false, unicodeRegExp: false})
    const validate = ajv.compile(schema)
    const sarif = JSON.parse(render(await report(), 'sarif', PLAIN))
    assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2))
    // The validator is not vacuous: a level SARIF does not know is refused.
    assert.equal(validate({...sarif, runs: [{...sarif.runs[0], results: [{...sarif.runs[0].results[0], level: 'fatal'}]}]}), false)
    const run = sarif.runs[0]
    assert.deepEqual(run.tool.driver.rules.map((r: {id: string}) => r.id), ['CM203', 'CM205', 'CM217'])
    for (const rule of run.tool.driver.rules) {
      assert.match(rule.helpUri, /^https:\/\/.*\/docs\/checks\/CM\d{3}\.md$/)
      assert.ok(rule.help.text.length > 20)
    }
    const r = run.results.find((x: {ruleId: string}) => x.ruleId === 'CM203')
    assert.equal(r.level, 'error')
    assert.deepEqual(r.locations[0].physicalLocation.region, {startLine: 8, startColumn: 3})
    assert.equal(r.locations[0].physicalLocation.artifactLocation.uri, 'kubernetes/clusters/apps/cluster-settings.yaml')
  })
  it('junit: well-formed XML with one testcase per (check, cluster) and failures/skips where they belong', async () => {
    const xml = render(await report(), 'junit', PLAIN)
    assert.equal(XMLValidator.validate(xml), true)
    const doc = new XMLParser({ignoreAttributes: false, attributeNamePrefix: ''}).parse(xml)
    const suites = [doc.testsuites.testsuite].flat()
    const cases = suites.flatMap((s: {testcase: unknown}) => [s.testcase].flat()) as {name: string; failure?: unknown; skipped?: unknown}[]
    assert.equal(cases.length, 6)
    assert.equal(doc.testsuites.failures, '2')
    assert.equal(doc.testsuites.skipped, '1')
    assert.ok(cases.find((c) => c.name === 'CM203 duplicate-cluster-id → infra')?.failure)
  })
})

describe('output specs', () => {
  it('accepts several formats with at most one on stdout', () => {
    assert.deepEqual(parseOutputs(['json=out/r.json', 'text']), [{format: 'json', path: 'out/r.json'}, {format: 'text'}])
    assert.deepEqual(parseOutputs(undefined), [{format: 'text'}])
    assert.throws(() => parseOutputs(['json', 'text']), /only one output format can go to stdout/)
    assert.throws(() => parseOutputs(['yaml']), /unknown output format "yaml"/)
    assert.throws(() => parseOutputs(['json=']), /path after "=" is empty/)
  })
})
