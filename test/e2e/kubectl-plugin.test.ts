// The standalone binary as kubectl users meet it: found by `kubectl plugin list`, run as `kubectl mesh`,
// completed by `kubectl mesh <TAB>`, from a directory with no repository, Node or node_modules around it.
import {strict as assert} from 'node:assert'
import fs from 'node:fs'
import path from 'node:path'
import {REPO_ROOT} from '../env/binaries.js'
import {completionValues, installCopy, type Installed, PACKAGE, pinnedNodeVersion, requireKubectl, run, visibleCommands} from './standalone.js'

describe('e2e: kubectl mesh (standalone binary on PATH)', function () {
  this.timeout(300_000)
  let installed: Installed
  let kubectl: string
  let env: NodeJS.ProcessEnv

  before(function () {
    kubectl = requireKubectl(this)
    installed = installCopy()
    // Only the plugin's directory and kubectl's: nothing else the test machine has on PATH.
    env = {PATH: [installed.dir, path.dirname(kubectl)].join(path.delimiter), HOME: installed.home}
  })
  after(() => installed?.remove())

  it('kubectl plugin list finds kubectl-mesh (and not the completion helper), without warnings', () => {
    const {status, stdout, stderr} = run(kubectl, ['plugin', 'list'], {env})
    assert.equal(status, 0, stderr)
    assert.ok(stdout.split('\n').includes(installed.binary), `plugin list:\n${stdout}`)
    assert.ok(!stdout.includes('kubectl_complete-mesh'))
    assert.equal(stderr, '')
  })

  it('kubectl mesh --version prints the tool version and the Node it embeds', () => {
    const {status, stdout} = run(kubectl, ['mesh', '--version'], {env})
    assert.equal(status, 0)
    assert.match(stdout, new RegExp(`^kubectl-mesh/${PACKAGE.version.replaceAll('.', '\\.')} linux-x64 node-${pinnedNodeVersion()}\\n$`))
  })

  it('kubectl mesh --help speaks of `kubectl mesh`, and lists the commands', async () => {
    const {status, stdout} = run(kubectl, ['mesh', '--help'], {env})
    assert.equal(status, 0)
    assert.match(stdout, /\$ kubectl mesh \[COMMAND\]/)
    for (const command of await visibleCommands()) assert.match(stdout, new RegExp(`^  ${command} `, 'm'))
    assert.ok(!stdout.includes('__complete'), 'the completion entry point stays hidden')
  })

  it('kubectl mesh checks lists CM203 duplicate-cluster-id', () => {
    const {status, stdout} = run(kubectl, ['mesh', 'checks'], {env})
    assert.equal(status, 0)
    assert.match(stdout, /^CM203\s+duplicate-cluster-id\s+error\b/m)
  })

  it('kubectl mesh explain prints the documentation page embedded in the binary', function () {
    const pages = ['CM203', 'CM001']
    for (const id of pages) assert.ok(fs.existsSync(path.join(REPO_ROOT, 'docs', 'checks', `${id}.md`)), `docs/checks/${id}.md exists`)
    for (const id of pages) {
      const {status, stdout} = run(kubectl, ['mesh', 'explain', id], {env, cwd: installed.home})
      assert.equal(status, 0)
      assert.equal(stdout.trimEnd(), fs.readFileSync(path.join(REPO_ROOT, 'docs', 'checks', `${id}.md`), 'utf8').trimEnd())
    }
  })

  it('an unknown command exits 2 with a message, directly and through kubectl', () => {
    for (const [command, args] of [
      [installed.binary, ['no-such-command']],
      [kubectl, ['mesh', 'no-such-command']],
    ] as const) {
      const {status, stdout, stderr} = run(command, [...args], {env})
      assert.equal(status, 2, `${command} ${args.join(' ')}`)
      assert.equal(stdout, '')
      assert.match(stderr, /no-such-command/)
    }
  })

  it('kubectl_complete-mesh answers Cobra __complete requests, with and without the __complete word', () => {
    for (const args of [['__complete', 'lint', '--o'], ['lint', '--o']]) {
      const {status, stdout, stderr} = run(installed.companion, args, {env})
      assert.equal(status, 0, stderr)
      assert.deepEqual(completionValues(stdout), {values: ['--output', '--only'], directive: ':4'})
    }
  })

  it('kubectl completes `kubectl mesh` through kubectl_complete-mesh: commands, severities, check ids', async () => {
    const complete = (...words: string[]) => completionValues(run(kubectl, ['__complete', 'mesh', ...words], {env}).stdout)
    assert.deepEqual(complete('').values, await visibleCommands())
    assert.deepEqual(complete('lint', '--fail-on', ''), {values: ['error', 'warning', 'info'], directive: ':4'})
    assert.ok(complete('explain', 'CM20').values.includes('CM203'))
  })

  it('completes --context from the kubeconfig for commands that take one', function () {
    const commands = completionValues(run(installed.binary, ['__complete', ''], {env}).stdout).values
    const withContext = commands.filter((c) => completionValues(run(installed.binary, ['__complete', c, '--cont'], {env}).stdout).values.includes('--context'))
    if (withContext.length === 0) {
      console.log('      skipped: no command declares --context yet')
      this.skip()
    }
    const kubeconfig = path.join(installed.home, 'kubeconfig')
    const contexts = ['kind-eu', 'kind-us']
    const doc = {
      apiVersion: 'v1',
      kind: 'Config',
      clusters: contexts.map((name) => ({name, cluster: {server: 'https://127.0.0.1:1'}})),
      users: contexts.map((name) => ({name, user: {token: 'throw-away'}})),
      contexts: contexts.map((name) => ({name, context: {cluster: name, user: name}})),
    }
    fs.writeFileSync(kubeconfig, JSON.stringify(doc), {mode: 0o600}) // JSON is YAML
    const {stdout} = run(kubectl, ['__complete', 'mesh', withContext[0], '--context', 'kind-'], {env: {...env, KUBECONFIG: kubeconfig}})
    assert.deepEqual(completionValues(stdout).values, contexts)
  })
})
