import {strict as assert} from 'node:assert'
import {runChecks} from '../../src/lib/checks/engine.js'
import {expandSelectors, SelectorError} from '../../src/lib/checks/registry.js'
import {buildReport, exitCode} from '../../src/lib/report/build.js'
import {sampleChecks, sampleModel} from '../support/sample-report.js'

const policy = {failOn: 'error', minSeverity: 'info'} as const

async function sample(selection = {}, suppress = [] as {id: string; reason: string; cluster?: string}[]) {
  const run = await runChecks(sampleChecks, sampleModel, selection)
  return {command: 'lint', version: '0.0.0-test', ...run, suppress}
}

describe('check selection', () => {
  it('expands ranges, names and comma lists', () => {
    assert.deepEqual([...expandSelectors(['CM20x'])].sort(), ['CM201', 'CM202', 'CM203', 'CM204', 'CM205', 'CM206', 'CM207', 'CM208', 'CM209'])
    assert.ok(expandSelectors(['CM2xx']).has('CM224'))
    assert.deepEqual([...expandSelectors(['duplicate-cluster-id,cm301'])], ['CM203', 'CM301'])
  })
  it('refuses unknown ids and empty ranges', () => {
    assert.throws(() => expandSelectors(['CM999']), SelectorError)
    assert.throws(() => expandSelectors(['CM9xx']), SelectorError)
    assert.throws(() => expandSelectors(['no-such-check']), /unknown check "no-such-check"/)
  })
})

describe('check engine', () => {
  it('records a result per scope: fail where a finding names it, skip with its reason, pass otherwise', async () => {
    const {results, findings} = await runChecks(sampleChecks, sampleModel)
    const status = (id: string, cluster: string) => results.find((r) => r.id === id && r.cluster === cluster)?.status
    assert.equal(status('CM203', 'apps'), 'fail')
    assert.equal(status('CM203', 'infra'), 'pass')
    assert.equal(status('CM205', 'apps'), 'skip')
    assert.equal(results.find((r) => r.id === 'CM205' && r.cluster === 'apps')?.reason, 'PodCIDR is a SOPS-encrypted value')
    assert.deepEqual(findings.map((f) => f.id).sort(), ['CM203', 'CM217'])
    assert.equal(findings[0].docs, `docs/checks/${findings[0].id}.md`)
  })
  it('turns a check that throws into an error result, not a crash (test/unit/internal-error.test.ts: every format)', async () => {
    const {results} = await runChecks([{id: 'CM201', run: () => { throw new Error('boom') }}], {})
    assert.equal(results[0].status, 'error')
    assert.match(results[0].reason ?? '', /internal error in CM201: boom/)
  })
  it('runs only what --only/--skip select', async () => {
    const {results} = await runChecks(sampleChecks, sampleModel, {skip: expandSelectors(['CM2xx'])})
    assert.equal(results.length, 0)
    const only = await runChecks(sampleChecks, sampleModel, {only: new Set(['CM217'])})
    assert.deepEqual([...new Set(only.results.map((r) => r.id))], ['CM217'])
  })
})

describe('report status and exit codes', () => {
  it('fails (exit 1) on an error finding and counts by severity', async () => {
    const report = buildReport(await sample(), policy)
    assert.equal(report.status, 'fail')
    assert.equal(exitCode(report), 1)
    assert.deepEqual(report.summary, {error: 1, warning: 1, info: 0, checks: 6, skipped: 1})
  })
  it('keeps --fail-on and --min-severity independent', async () => {
    const onlyWarning = await sample({only: new Set(['CM217'])})
    assert.equal(exitCode(buildReport(onlyWarning, policy)), 0)
    assert.equal(exitCode(buildReport(onlyWarning, {failOn: 'warning', minSeverity: 'info'})), 1)
    const hidden = buildReport(onlyWarning, {failOn: 'warning', minSeverity: 'error'})
    assert.equal(hidden.findings.length, 0, 'the warning is not shown')
    assert.equal(exitCode(hidden), 1, 'but it still fails the run')
  })
  it('suppressed findings are listed with their reason and never count', async () => {
    const report = buildReport(await sample({}, [{id: 'CM203', cluster: 'apps', reason: 'ids are being renumbered'}]), policy)
    assert.equal(report.status, 'pass')
    assert.deepEqual(report.suppressed.map((s) => [s.id, s.reason]), [['CM203', 'ids are being renumbered']])
    assert.equal(exitCode(report), 0)
  })
  it('an incomplete finding gives exit 3 only when nothing failed', () => {
    const cm301 = {id: 'CM301', name: 'context-unreachable', severity: 'error' as const, message: 'forbidden', incomplete: true}
    const incomplete = buildReport({command: 'doctor', version: '0', findings: [cm301], results: []}, policy)
    assert.equal(incomplete.status, 'incomplete')
    assert.equal(exitCode(incomplete), 3)
    assert.equal(incomplete.summary.error, 0, 'not counted as an error')
    const cm203 = {id: 'CM203', name: 'duplicate-cluster-id', severity: 'error' as const, message: 'x'}
    assert.equal(exitCode(buildReport({command: 'doctor', version: '0', findings: [cm301, cm203], results: []}, policy)), 1)
  })
  it('--exit-zero exits 0 whatever was found', async () => {
    assert.equal(exitCode(buildReport(await sample(), policy), true), 0)
  })
})
