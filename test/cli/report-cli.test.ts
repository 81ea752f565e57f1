// The report contract through the real CLI: exit codes identical in every format, files, selection, colour.
import {strict as assert} from 'node:assert'
import {mkdtempSync, readFileSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {runCli} from '../support/cli.js'

const EXAMPLE = 'examples/mesh-repo'

describe('kubectl mesh lint: report contract through the CLI', () => {
  let out: string
  before(() => {
    out = mkdtempSync(join(tmpdir(), 'kubectl-mesh-cli-'))
  })
  after(() => rmSync(out, {recursive: true, force: true}))

  it('exits 1 in every output format when the example repository has an error', () => {
    for (const format of ['text', 'short', 'json', 'sarif', 'junit']) {
      const run = runCli(['lint', EXAMPLE, '-o', format])
      assert.equal(run.code, 1, `${format}: ${run.stderr}`)
      assert.match(run.stdout, /CM206/, `${format} names the finding`)
      assert.equal(run.stderr, '', `${format}: nothing on stderr when it is not a terminal`)
    }
  })

  it('writes several formats at once, one to stdout, files atomically', () => {
    const json = join(out, 'r.json')
    const sarif = join(out, 'sub', 'r.sarif')
    const run = runCli(['lint', EXAMPLE, '-o', `json=${json}`, '-o', `sarif=${sarif}`, '-o', 'short'])
    assert.equal(run.code, 1)
    assert.match(run.stdout, /^error CM206 \[apps→infra\]/m)
    const report = JSON.parse(readFileSync(json, 'utf8'))
    assert.equal(report.status, 'fail')
    assert.deepEqual(report.clusters.map((c: {name: string}) => c.name).sort(), ['apps', 'infra'])
    const cm206 = report.findings.find((f: {id: string}) => f.id === 'CM206')
    assert.deepEqual([cm206.file, cm206.line], ['kubernetes/clusters/apps/cluster-settings.yaml', 13])
    assert.equal(JSON.parse(readFileSync(sarif, 'utf8')).runs[0].results[0].ruleId, 'CM206')
  })

  it('--skip of the failing check, --exit-zero and --fail-on change the exit code, not the findings shown', () => {
    assert.equal(runCli(['lint', EXAMPLE, '--skip', 'CM206', '-o', 'short']).code, 0)
    const zero = runCli(['lint', EXAMPLE, '--exit-zero', '-o', 'short'])
    assert.equal(zero.code, 0)
    assert.match(zero.stdout, /CM206/)
    const only = runCli(['lint', EXAMPLE, '--only', 'CM2xx', '-o', 'json'])
    const ids = new Set(JSON.parse(only.stdout).results.map((r: {id: string}) => r.id.slice(0, 3)))
    assert.deepEqual([...ids], ['CM2'])
  })

  it('usage errors exit 2 with one line and no stack trace', () => {
    for (const args of [['lint', EXAMPLE, '--only', 'CM999'], ['lint', EXAMPLE, '-o', 'yaml'], ['lint', EXAMPLE, '-o', 'json', '-o', 'text'], ['lint', '/nonexistent/repo'], ['lint', '--bogus'], ['no-such-command'], ['lint', EXAMPLE, '--timeout', 'soon']]) {
      const run = runCli(args)
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`)
      assert.match(run.stderr, /^Error: /, args.join(' '))
      assert.doesNotMatch(run.stderr, /\n\s+at /, `${args.join(' ')}: no stack trace`)
    }
  })

  it('no colour codes with NO_COLOR, --no-color, TERM=dumb or a pipe; ASCII symbols under TERM=dumb', () => {
    const piped = runCli(['lint', EXAMPLE])
    assert.doesNotMatch(piped.stdout, /\u001b\[/)
    const dumb = runCli(['lint', EXAMPLE], {env: {TERM: 'dumb'}})
    assert.match(dumb.stdout, /FAIL CM206/)
    assert.match(dumb.stdout, /^ok \d+ of \d+ ClusterMesh checks passed on 2 clusters$/m)
    assert.match(runCli(['lint', EXAMPLE, '-v'], {env: {TERM: 'dumb'}}).stdout, /ok CM203/)
  })

  it('checks lists every check and explain prints its page', () => {
    const checks = runCli(['checks'])
    assert.equal(checks.code, 0)
    assert.match(checks.stdout, /^CM203 {2}duplicate-cluster-id/m)
    const explain = runCli(['explain', 'duplicate-cluster-id'])
    assert.match(explain.stdout, /^# CM203 duplicate-cluster-id/)
    assert.equal(runCli(['explain', 'CM999']).code, 2)
  })
})
