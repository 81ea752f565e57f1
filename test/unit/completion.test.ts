// Shell completion: what `kubectl mesh <TAB>` offers, answered from oclif's command metadata of the real
// commands (Config.load over src/), and kube context names read from real kubeconfig files on disk.
import {strict as assert} from 'node:assert'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {Config} from '@oclif/core'
import {stringify} from 'yaml'
import {CATALOGUE} from '../../src/lib/checks/catalogue.js'
import {completionAnswer} from '../../src/lib/completion/run.js'
import type {CachedCommand} from '../../src/lib/completion/spec.js'
import {REPO_ROOT} from '../env/binaries.js'

interface Answer {
  values: string[]
  lines: string[]
  directive: number
}

function parse(text: string): Answer {
  const lines = text.trimEnd().split('\n')
  const last = lines.pop() ?? ''
  assert.match(last, /^:\d+$/, `the last line is the directive, got "${last}"`)
  return {values: lines.map((l) => l.split('\t')[0]), lines, directive: Number(last.slice(1))}
}

// A command with the live flags, as doctor-style commands declare them (report-flags.ts kubeFlags).
const live: CachedCommand = {
  id: 'doctor',
  summary: 'Check live clusters.',
  flags: {
    kubeconfig: {name: 'kubeconfig', type: 'option'},
    context: {name: 'context', type: 'option', multiple: true},
    'all-contexts': {name: 'all-contexts', type: 'boolean'},
    'request-timeout': {name: 'request-timeout', type: 'option'},
  },
  args: {},
}

describe('completion', () => {
  let commands: CachedCommand[]
  const answer = async (words: string[], env: NodeJS.ProcessEnv = {}) => parse(await completionAnswer(words, [...commands, live], env))

  before(async () => {
    const config = await Config.load(REPO_ROOT)
    commands = config.commands as unknown as CachedCommand[]
  })

  it('offers the visible commands with their summaries, never the hidden __complete', async () => {
    const {lines, values, directive} = await answer([''])
    for (const id of ['checks', 'completion', 'explain', 'lint']) assert.ok(values.includes(id), `${id} missing from ${values}`)
    assert.ok(!values.includes('__complete'))
    assert.ok(lines.some((l) => l.startsWith('lint\t') && l.length > 'lint\t'.length), 'lint comes with its summary')
    assert.equal(directive, 4, 'no file names next to command names')
  })

  it('completes a command prefix and the flags of that command', async () => {
    assert.deepEqual((await answer(['li'])).values, ['lint'])
    const flags = await answer(['lint', '--o'])
    assert.deepEqual(flags.values.sort(), ['--only', '--output'])
  })

  it('answers kubectl and Cobra spellings alike (a leading __complete is ignored)', async () => {
    assert.deepEqual(await answer(['__complete', 'lint', '--o']), await answer(['lint', '--o']))
  })

  it('completes --output formats after a space, after "=" (bare values) and after -o', async () => {
    const formats = ['text', 'short', 'json', 'sarif', 'junit']
    assert.deepEqual((await answer(['lint', '--output', ''])).values, formats)
    assert.deepEqual((await answer(['lint', '--output=j'])).values, ['json', 'junit'])
    assert.deepEqual((await answer(['lint', '-o', 's'])).values, ['short', 'sarif'])
    assert.equal((await answer(['lint', '-o', 'sarif='])).directive, 0, 'FORMAT=PATH: the shell offers files')
  })

  it('completes --fail-on and --min-severity from the declared severities', async () => {
    assert.deepEqual((await answer(['lint', '--fail-on', ''])).values, ['error', 'warning', 'info'])
    assert.deepEqual((await answer(['lint', '--min-severity=w'])).values, ['warning'])
  })

  it('completes check ids for --only/--skip and explain, comma lists included', async () => {
    const cm2 = CATALOGUE.filter((c) => c.id.startsWith('CM20')).map((c) => c.id)
    assert.deepEqual((await answer(['lint', '--only', 'CM20'])).values, cm2)
    assert.ok((await answer(['lint', '--skip', 'CM'])).values.includes('CM2xx'), 'ranges are offered')
    const list = await answer(['lint', '--only', 'CM203,CM20'])
    assert.ok(list.values.every((v) => v.startsWith('CM203,CM20')))
    assert.ok(!list.values.includes('CM203,CM203'), 'a chosen id is not offered twice')
    const explain = await answer(['explain', 'CM20'])
    assert.deepEqual(explain.values, cm2)
    assert.ok(explain.lines.includes('CM203\tduplicate-cluster-id'))
  })

  it('offers directories for the lint repository argument, and nothing after an unknown command', async () => {
    assert.equal((await answer(['lint', ''])).directive, 16)
    assert.deepEqual(await answer(['nosuchcommand', '']), {values: [], lines: [], directive: 4})
  })

  it('does not offer a single-valued flag twice, but does offer a repeatable one', async () => {
    const values = (await answer(['lint', '--fail-on', 'info', '--'])).values
    assert.ok(!values.includes('--fail-on'))
    assert.ok(values.includes('--only'))
  })

  describe('kube contexts', () => {
    let dir: string
    const kubeconfig = (file: string, contexts: string[]) => {
      const doc = {
        apiVersion: 'v1',
        kind: 'Config',
        clusters: contexts.map((c) => ({name: c, cluster: {server: 'https://127.0.0.1:6443'}})),
        users: contexts.map((c) => ({name: c, user: {token: 'not-a-real-token'}})),
        contexts: contexts.map((c) => ({name: c, context: {cluster: c, user: c}})),
      }
      fs.writeFileSync(path.join(dir, file), stringify(doc), {mode: 0o600})
      return path.join(dir, file)
    }

    before(() => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-mesh-completion-'))
    })
    after(() => fs.rmSync(dir, {recursive: true, force: true}))

    it('merges KUBECONFIG files in order, first name wins, and never prints anything but names', async () => {
      const a = kubeconfig('a.yaml', ['prod-eu', 'arn:aws:eks:eu-west-1:1:cluster/x'])
      const b = kubeconfig('b.yaml', ['staging', 'prod-eu'])
      const result = await answer(['doctor', '--context', ''], {KUBECONFIG: [a, path.join(dir, 'missing.yaml'), b].join(path.delimiter)})
      assert.deepEqual(result.values, ['prod-eu', 'arn:aws:eks:eu-west-1:1:cluster/x', 'staging'])
      assert.ok(!result.lines.join('\n').includes('not-a-real-token'))
    })

    it('reads ~/.kube/config when KUBECONFIG is unset, and --kubeconfig over both', async () => {
      fs.mkdirSync(path.join(dir, 'home', '.kube'), {recursive: true})
      kubeconfig(path.join('home', '.kube', 'config'), ['home-ctx'])
      const only = kubeconfig('only.yaml', ['flag-ctx'])
      assert.deepEqual((await answer(['doctor', '--context', ''], {HOME: path.join(dir, 'home')})).values, ['home-ctx'])
      const withFlag = await answer(['doctor', '--kubeconfig', only, '--context', ''], {HOME: path.join(dir, 'home')})
      assert.deepEqual(withFlag.values, ['flag-ctx'])
    })

    it('completes the last context of a comma list, and offers none when there is no kubeconfig', async () => {
      const a = kubeconfig('c.yaml', ['one', 'two', 'three'])
      assert.deepEqual((await answer(['doctor', '--context', 'one,t'], {KUBECONFIG: a})).values, ['one,two', 'one,three'])
      assert.deepEqual((await answer(['doctor', '--context', ''], {HOME: path.join(dir, 'nohome')})).values, [])
    })
  })
})
