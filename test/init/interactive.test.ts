// kubectl mesh init on a terminal (tmux): answers typed at the prompts (an overlapping PodCIDR refused first),
// the diff, the confirmation; Ctrl-C and SIGINT at a prompt, and SIGINT while writing, leave the repository as it was.
import assert from 'node:assert/strict'
import {existsSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {runInit} from '../../src/lib/init/run.js'
import {PLAIN} from '../../src/lib/report/style.js'
import {ROOT} from '../support/cli.js'
import {cleanRepos, fingerprint, lintErrors, read, repoCopy} from './support.js'
import {hasTmux, TmuxSession} from './tmux.js'

const NODE = join(ROOT, 'node_modules', '.bin', 'node')
// No kubeconfig: the context question is not asked.
const initIn = (dir: string, extra = '') =>
  `cd ${ROOT} && KUBECONFIG=/nonexistent/kubeconfig NO_COLOR=1 ${NODE} --import tsx bin/dev.js init --repo ${dir} ${extra}`

describe('kubectl mesh init on a terminal', function () {
  const sessions: TmuxSession[] = []
  const session = (command: string) => {
    const s = TmuxSession.start(command)
    sessions.push(s)
    return s
  }
  before(function () {
    if (!hasTmux()) {
      if (process.env.CI) throw new Error('tmux is missing: npm run testenv installs it')
      console.log('      skipped: tmux not installed (npm run testenv)')
      this.skip()
    }
  })
  afterEach(() => sessions.splice(0).forEach((s) => s.kill()))
  after(cleanRepos)

  it('asks, refuses an overlapping PodCIDR, shows the diff, writes after yes; lint is clean', async () => {
    const dir = repoCopy('cilium-names-2')
    const t = session(initIn(dir))
    await t.waitFor(/\? Cluster name/)
    t.type('edge', 'Enter')
    await t.waitFor(/\? Cluster id \(3\)/)
    t.type('', 'Enter')
    await t.waitFor(/\? PodCIDR \(10\.46\.0\.0\/16\)/)
    t.type('10.42.0.0/16', 'Enter')
    await t.waitFor(/10\.42\.0\.0\/16 overlaps PodCIDR 10\.42\.0\.0\/16 of infra/)
    t.type('', 'C-u')
    t.type('10.60.0.0/16', 'Enter')
    await t.waitFor(/✔ PodCIDR 10\.60\.0\.0\/16/)
    for (const prompt of [/ServiceCIDR \(10\.47\.0\.0\/16\)/, /LB IPAM pool .*\(10\.25\.11\.140-10\.25\.11\.159\)/, /address \(inside the pool\) \(10\.25\.11\.140\)/, /Secret-store path .*\(kubernetes\/edge\/cilium-clustermesh\)/]) {
      await t.waitFor(prompt)
      t.type('', 'Enter')
    }
    const plan = await t.waitFor(/Write these changes \(4 files\)\?/)
    assert.match(plan, /\+\+\+ b\/kubernetes\/clusters\/edge\/cluster-settings\.yaml/)
    assert.match(plan, /\+ {2}POD_CIDR: "10\.60\.0\.0\/16"/)
    assert.ok(!existsSync(join(dir, 'kubernetes/clusters/edge')), 'nothing written before the answer')
    t.type('y', 'Enter')
    const done = await t.waitFor(/EXIT=\d+/)
    assert.match(done, /lint of the result: [\s\S]*lint passed: 0 errors, 0 warnings/)
    assert.match(done, /EXIT=0/)
    assert.match(read(dir, 'kubernetes/clusters/edge/cluster-settings.yaml'), /POD_CIDR: "10\.60\.0\.0\/16"\n {2}SERVICE_CIDR: "10\.47\.0\.0\/16"/)
    assert.deepEqual(await lintErrors(dir), [])
  })

  it('no at the confirmation writes nothing (exit 0); Ctrl-C at a prompt writes nothing (exit 130)', async () => {
    const dir = repoCopy('cluster-names-3')
    const before = fingerprint(dir)
    const declined = session(initIn(dir, '--name edge'))
    // Each default is taken once its prompt is on the screen (keys typed ahead may be lost on a busy machine).
    for (const prompt of [/\? Cluster id \(4\)/, /\? PodCIDR/, /\? ServiceCIDR/, /\? LB IPAM pool/, /\? clustermesh-apiserver address/]) {
      await declined.waitFor(prompt)
      declined.type('', 'Enter')
    }
    await declined.waitFor(/Write these changes \(11 files\)\?/)
    declined.type('n', 'Enter')
    assert.match(await declined.waitFor(/EXIT=\d+/), /Nothing written\.\nEXIT=0/)
    const interrupted = session(initIn(dir))
    await interrupted.waitFor(/\? Cluster name/)
    interrupted.type('edge', 'Enter')
    await interrupted.waitFor(/\? Cluster id/)
    interrupted.type('', 'C-c')
    assert.match(await interrupted.waitFor(/EXIT=\d+/), /interrupted: nothing was written\nEXIT=130/)
    assert.deepEqual(fingerprint(dir), before)
  })

  it('SIGINT sent to the process while it waits at a prompt: exit 130, nothing written', async () => {
    const dir = repoCopy('cluster-names-2')
    const before = fingerprint(dir)
    const t = session(initIn(dir))
    await t.waitFor(/\? Cluster name/)
    t.type('edge', 'Enter')
    await t.waitFor(/\? Cluster id/)
    process.kill(t.commandPid(), 'SIGINT')
    assert.match(await t.waitFor(/EXIT=\d+/), /interrupted: nothing was written\nEXIT=130/)
    assert.deepEqual(fingerprint(dir), before)
  })

})

// No tmux needed: runInit is called as the command calls it, with the write phase slowed down through its options
// (pauseMs, an API of runInit and applyChanges, not an environment variable of the product), and the signal the
// command's SIGINT handler aborts is aborted while the temporary files exist.
describe('kubectl mesh init interrupted while writing', () => {
  after(cleanRepos)

  it('abort (what SIGINT does) while the files are being written: exit 130, no file, no temporary file, no directory left', async () => {
    const dir = repoCopy('cluster-names-3')
    const before = fingerprint(dir)
    const controller = new AbortController()
    const out: string[] = []
    const running = runInit({
      repo: dir, given: {name: 'edge'}, yes: true, dryRun: false, interactive: false,
      kube: {kubeconfig: '/nonexistent/kubeconfig', namespace: 'kube-system', requestTimeoutMs: 1000},
      signal: controller.signal, style: PLAIN, selection: {}, out: (text) => void out.push(text), version: 'test',
      pauseMs: 400,
    })
    const settled = running.then(() => undefined, (error: unknown) => error)
    const temps = () => readdirSync(join(dir, 'kubernetes/clusters/apps')).filter((f) => f.includes('.kubectl-mesh-'))
    const deadline = Date.now() + 30_000
    let done = false
    void settled.then(() => (done = true))
    while (temps().length === 0 && !done && Date.now() < deadline) await sleep(20)
    assert.ok(temps().length > 0, 'writing started')
    controller.abort()
    const error = (await settled) as {exitCode?: number; message?: string} | undefined
    assert.equal(error?.exitCode, 130, String(error))
    assert.match(error?.message ?? '', /interrupted: nothing was written/)
    assert.deepEqual(fingerprint(dir), before)
  })
})
