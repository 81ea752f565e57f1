// The binary stands alone: empty environment, any directory, the user's NODE_OPTIONS ignored, and not a
// single warning on stderr for ordinary runs.
import {strict as assert} from 'node:assert'
import path from 'node:path'
import {REPO_ROOT} from '../env/binaries.js'
import {installCopy, type Installed, PACKAGE, run} from './standalone.js'

describe('e2e: standalone binary runtime', function () {
  this.timeout(300_000)
  let installed: Installed

  before(() => {
    installed = installCopy()
  })
  after(() => installed?.remove())

  it('runs from / with an empty environment: no PATH, HOME, node or node_modules', () => {
    for (const args of [['--version'], ['--help'], ['checks'], ['explain', 'CM203']]) {
      const {status, stdout, stderr} = run(installed.binary, args, {cwd: '/', env: {}})
      assert.equal(status, 0, `kubectl-mesh ${args.join(' ')}: ${stderr}`)
      assert.ok(stdout.length > 0)
    }
  })

  it('lints a repository given by path from an unrelated directory', () => {
    const repo = path.join(REPO_ROOT, 'examples', 'mesh-repo')
    const {status, stdout, stderr} = run(installed.binary, ['lint', repo, '-o', 'json'], {cwd: installed.home, env: {}})
    assert.ok(status === 0 || status === 1, `exit ${status}: ${stderr}`)
    const report = JSON.parse(stdout) as {tool: {name: string; version: string}; command: string; root: string}
    assert.deepEqual([report.tool.name, report.tool.version, report.command, report.root], ['kubectl-mesh', PACKAGE.version, 'lint', repo])
  })

  it("ignores the user's NODE_OPTIONS (a --require that does not exist would otherwise abort)", () => {
    const {status, stdout, stderr} = run(installed.binary, ['--version'], {env: {NODE_OPTIONS: '--require /nonexistent/preload.js --no-deprecation'}})
    assert.equal(status, 0, stderr)
    assert.equal(stderr, '')
    assert.match(stdout, /^kubectl-mesh\//)
  })

  it('prints no warnings on stderr (engine, experimental SEA, deprecation) for ordinary runs', () => {
    const runs = [['--version'], ['--help'], ['checks'], ['checks', '-o', 'json'], ['explain', 'CM203'], ['lint', '--help'], ['completion', 'bash']]
    for (const args of runs) {
      const {status, stderr} = run(installed.binary, args, {env: {HOME: installed.home}})
      assert.equal(status, 0, `kubectl-mesh ${args.join(' ')}`)
      assert.equal(stderr, '', `kubectl-mesh ${args.join(' ')} wrote to stderr`)
    }
  })

  it('finds its completion helper next to itself even when called through a symlink', () => {
    const link = path.join(installed.home, 'kubectl_complete-mesh')
    run('/bin/ln', ['-s', installed.companion, link])
    const {status, stdout} = run(link, ['explain', 'CM20'], {env: {}})
    assert.equal(status, 0)
    assert.match(stdout, /^CM203\tduplicate-cluster-id$/m)
  })
})
