// A check that throws is a bug of ours: status `error` in every format, exit 4 (never 0, never the usage code 2),
// one line asking to report it with the check id, no stack and no secret material unless KUBECTL_MESH_DEBUG asks
// for the stack. The same for an exception that escapes a command (src/main.ts).
import {strict as assert} from 'node:assert'
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import AjvDraft04 from 'ajv-draft-04'
import {XMLParser, XMLValidator} from 'fast-xml-parser'
import {runChecks} from '../../src/lib/checks/engine.js'
import {buildReport, EXIT, exitCode} from '../../src/lib/report/build.js'
import {render} from '../../src/lib/report/outputs.js'
import {PLAIN} from '../../src/lib/report/style.js'
import type {Report} from '../../src/lib/report/types.js'
import {exitCodeOf, messageOf} from '../../src/main.js'
import {UsageError} from '../../src/lib/cli/errors.js'
import {sampleChecks, sampleModel, throwingCheck} from '../support/sample-report.js'
import {stepCheck} from '../../src/lib/checks/connect/step-check.js'
import {STEPS, type ConnectModel, type StepOutcome} from '../../src/lib/connect/types.js'

const require = createRequire(import.meta.url)
type AjvClass = new (options: Record<string, unknown>) => {compile(schema: unknown): ((data: unknown) => boolean) & {errors?: unknown}}
const Ajv = ((AjvDraft04 as unknown as {default?: AjvClass}).default ?? AjvDraft04) as unknown as AjvClass
const SECRET = /BEGIN PRIVATE KEY|MIIEvQIBADANBgkqhkiG9w0BAQEFAASC|eyJhbGciOiJSUzI1NiIs/

async function crashed(): Promise<Report> {
  const run = await runChecks([...sampleChecks, throwingCheck], sampleModel)
  return buildReport({command: 'lint', version: '1.2.3', root: '/repo', ...run}, {failOn: 'error', minSeverity: 'info'})
}

describe('internal errors: a check that throws', () => {
  it('is an error result (not a pass, not a skip), keeps what it found before, and makes the report status error', async () => {
    const report = await crashed()
    const mine = report.results.filter((r) => r.id === 'CM201')
    assert.deepEqual(mine.map((r) => [r.cluster ?? 'mesh', r.status]).sort(), [['apps', 'fail'], ['infra', 'pass'], ['mesh', 'error']])
    const errored = mine.find((r) => r.status === 'error')!
    assert.match(errored.reason!, /^internal error in CM201: TypeError: Cannot read properties of undefined \(reading 'ipv4'\)/)
    assert.doesNotMatch(errored.reason!, SECRET)
    assert.ok(report.findings.some((f) => f.id === 'CM201' && f.message === 'found before the bug'))
    assert.equal(report.status, 'error')
    assert.equal(report.summary.internal, 1)
    assert.equal(report.summary.skipped, 1, 'the crash is not counted as a skip')
  })

  it('exits 4, whatever else was found, even with --exit-zero; a run without one has no internal count', async () => {
    const report = await crashed()
    assert.equal(EXIT.internal, 4)
    assert.equal(exitCode(report), 4)
    assert.equal(exitCode(report, true), 4)
    const clean = buildReport({command: 'lint', version: '1', ...(await runChecks(sampleChecks, sampleModel))}, {failOn: 'error', minSeverity: 'info'})
    assert.equal(clean.summary.internal, undefined)
    assert.notEqual(exitCode(clean), 4)
  })

  it('text and short: one line per crashed check and one "please report" line naming it; no stack, no secret', async () => {
    const report = await crashed()
    for (const format of ['text', 'short'] as const) {
      const out = render(report, format, PLAIN)
      assert.match(out, /internal error in CM201: TypeError: Cannot read properties/, format)
      assert.match(out, /please report it with "CM201" at https:\/\/github\.com\/.*\/issues/, format)
      assert.match(out.trimEnd().split('\n').at(-1)!, /^lint hit an internal error: .*, 1 internal error/, format)
      assert.doesNotMatch(out, SECRET, format)
      assert.doesNotMatch(out, /\n\s+at .*\.ts:\d+/, `${format}: no stack`)
    }
    // Not counted among the passed checks: CM201 is one of the checks that did not pass.
    assert.doesNotMatch(render(report, 'text', PLAIN), /^ok \d+ ClusterMesh checks passed/m)
    assert.match(render(report, 'text', PLAIN, {verbose: true}), /FAIL CM201 .*\(internal error in CM201: TypeError/)
  })

  it('json: status error, the result in status error with its reason', async () => {
    const json = JSON.parse(render(await crashed(), 'json', PLAIN))
    assert.equal(json.status, 'error')
    assert.ok(json.results.some((r: {id: string; status: string}) => r.id === 'CM201' && r.status === 'error'))
    assert.doesNotMatch(JSON.stringify(json), SECRET)
  })

  it('sarif: a toolExecutionNotification of invocations[0] tied to the rule, executionSuccessful false; validates', async () => {
    const schema = JSON.parse(readFileSync(require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'))
    const validate = new Ajv({allErrors: true, strict: false, unicodeRegExp: false}).compile(schema)
    const text = render(await crashed(), 'sarif', PLAIN)
    const sarif = JSON.parse(text)
    assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2))
    const run = sarif.runs[0]
    const invocation = run.invocations[0]
    assert.equal(invocation.executionSuccessful, false)
    assert.equal(invocation.toolExecutionNotifications.length, 1)
    const n = invocation.toolExecutionNotifications[0]
    assert.equal(n.level, 'error')
    assert.equal(n.associatedRule.id, 'CM201')
    assert.equal(run.tool.driver.rules[n.associatedRule.index].id, 'CM201')
    assert.match(n.message.text, /internal error in CM201/)
    assert.doesNotMatch(text, SECRET)
    // Without a crash there are no notifications.
    const clean = buildReport({command: 'lint', version: '1', ...(await runChecks(sampleChecks, sampleModel))}, {failOn: 'error', minSeverity: 'info'})
    assert.equal(JSON.parse(render(clean, 'sarif', PLAIN)).runs[0].invocations[0].toolExecutionNotifications, undefined)
  })

  it('junit: an <error> testcase (not a failure, not a skip), counted in errors=', async () => {
    const xml = render(await crashed(), 'junit', PLAIN)
    assert.equal(XMLValidator.validate(xml), true)
    const doc = new XMLParser({ignoreAttributes: false, attributeNamePrefix: ''}).parse(xml)
    assert.equal(doc.testsuites.errors, '1')
    const mesh = [doc.testsuites.testsuite].flat().find((s: {name: string}) => s.name === 'mesh')
    assert.equal(mesh.errors, '1')
    const tc = [mesh.testcase].flat().find((c: {name: string}) => c.name === 'CM201 cluster-id-missing' || c.name.startsWith('CM201'))
    assert.ok(tc.error, JSON.stringify(tc))
    assert.equal(tc.failure, undefined)
    assert.match(tc.error.message, /internal error in CM201/)
    assert.doesNotMatch(xml, SECRET)
  })

  it('KUBECTL_MESH_DEBUG prints the stack of the check on stderr, nothing is printed without it', async () => {
    const writes: string[] = []
    const original = process.stderr.write.bind(process.stderr)
    const saved = process.env.KUBECTL_MESH_DEBUG
    process.stderr.write = ((chunk: string) => (writes.push(String(chunk)), true)) as typeof process.stderr.write
    try {
      delete process.env.KUBECTL_MESH_DEBUG
      await runChecks([throwingCheck], sampleModel)
      assert.deepEqual(writes, [])
      process.env.KUBECTL_MESH_DEBUG = '1'
      await runChecks([throwingCheck], sampleModel)
    } finally {
      process.stderr.write = original
      if (saved === undefined) delete process.env.KUBECTL_MESH_DEBUG
      else process.env.KUBECTL_MESH_DEBUG = saved
    }
    assert.match(writes.join(''), /^CM201: TypeError: .*\n\s+at /)
    assert.doesNotMatch(writes.join(''), SECRET)
  })
})

describe('internal errors caught before a check runs (ctx.error)', () => {
  it('a connect-check step that threw is an error result of its check for that peer, not a CM50x finding', async () => {
    const pass: StepOutcome = {status: 'pass', message: 'ok'}
    const steps = Object.fromEntries(STEPS.map((s) => [s, pass])) as Record<(typeof STEPS)[number], StepOutcome>
    steps.tls = {status: 'error', error: new TypeError("Cannot read properties of undefined (reading 'raw')")}
    const model = {
      sources: [{name: 'infra', peers: [{name: 'apps', problems: []}, {name: 'edge', problems: []}]}],
      results: [
        {source: 'infra', peer: 'apps', endpoints: [{endpoint: 'https://apps:2379', host: 'apps', port: 2379, addresses: [], steps}]},
        {source: 'infra', peer: 'edge', endpoints: [{endpoint: 'https://edge:2379', host: 'edge', port: 2379, addresses: [], steps: {...steps, tls: pass}}]},
      ],
      expectedIds: new Map(),
    } as unknown as ConnectModel
    const tlsCheck = stepCheck('tls')
    const run = await runChecks([tlsCheck], model)
    assert.deepEqual(run.findings, [])
    const byPeer = Object.fromEntries(run.results.map((r) => [r.peer, r.status]))
    assert.deepEqual(byPeer, {apps: 'error', edge: 'pass'})
    assert.match(run.results.find((r) => r.peer === 'apps')!.reason!, new RegExp(`^internal error in ${tlsCheck.id}: TypeError`))
    assert.equal(exitCode(buildReport({command: 'connect-check', version: '1', ...run}, {failOn: 'error', minSeverity: 'info'})), 4)
  })
})

describe('internal errors: an exception that escapes a command', () => {
  it('exits 4 (not the usage code 2) with one line naming the command and asking to report it', () => {
    const error = new TypeError("Cannot read properties of undefined (reading 'spec')")
    assert.equal(exitCodeOf(error), EXIT.internal)
    const message = messageOf(error, 'kubectl mesh lint', {})
    assert.equal(message.split('\n').length, 1)
    assert.match(message, /^Error: internal error in kubectl mesh lint: TypeError: Cannot read properties of undefined \(reading 'spec'\); .*please report it with "kubectl mesh lint" at https:\/\/.*\/issues/)
    assert.match(messageOf(error, 'kubectl mesh lint', {KUBECTL_MESH_DEBUG: '1'}), /\n\s+at /)
  })
  it('usage errors keep exit 2 and their own message', () => {
    assert.equal(exitCodeOf(new UsageError('--timeout: "x" is not a duration')), EXIT.usage)
    assert.equal(messageOf(new UsageError('bad flag'), 'kubectl mesh lint', {}), 'Error: bad flag')
  })
})
