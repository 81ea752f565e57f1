// connect-check over 16 peers against one peer (goal <= 1.5x, issue 12): 16 real mTLS etcds standing in for
// clustermesh-apiservers (the test env's servers) and dnsmasq for their names, probed through every step.
// Measured twice: the probe in-process (src/lib/connect, through tsx), and the whole command through the
// standalone binary (or bin/run.js), each as medians of interleaved runs.
import {spawnSync} from 'node:child_process'
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {fmt, median, pinnedNode} from './lib/measure.mjs'

export const title = 'connect-check: 16 peers against 1 (real mTLS etcds, dnsmasq)'
const GOAL = 1.5
const PEERS = 16

export default async function run({root, runs, print}) {
  const {register} = await import('tsx/esm/api')
  const unregister = register()
  const load = (file) => import(pathToFileURL(join(root, file)).href)
  const env = await load('test/env/index.ts')
  const fixture = await load('test/connect/fixture.ts')
  const {connectCheckOffline} = await load('src/lib/connect/run.ts')
  for (const name of ['etcd', 'dnsmasq']) if (!env.findBinary(name)) throw new Error(`${name} is missing: run npm run testenv first`)
  try {
    const ca = await env.mintCA('bench mesh CA')
    const names = Array.from({length: PEERS}, (_, i) => `peer-${String(i + 1).padStart(2, '0')}`)
    const dns = await env.startDnsmasq(names.map((n) => ({name: `${n}.${fixture.MESH_DOMAIN}`, a: env.LOOPBACK})))
    const peers = await Promise.all(names.map((n, i) => fixture.startPeer(ca, n, {id: i + 1})))
    const client = await peers[0].etcd.issueClient('remote')
    const configs = Object.fromEntries(peers.map((p) => [p.name, fixture.etcdConfig(fixture.endpointOf(`${p.name}.${fixture.MESH_DOMAIN}`, p.etcd.port))]))
    const dirs = {1: fixture.writeConfigDir({[names[0]]: configs[names[0]]}, client, ca.cert), [PEERS]: fixture.writeConfigDir(configs, client, ca.cert)}
    const options = {selection: {}, resolve: new Map(), resolver: dns.server, stepTimeoutMs: 5000, unicode: true}

    const cpu = new Map()
    const inProcess = async (dir) => {
      const start = process.hrtime.bigint()
      const used = process.cpuUsage()
      const out = await connectCheckOffline(dir, undefined, options)
      const ms = Number(process.hrtime.bigint() - start) / 1e6
      const {user, system} = process.cpuUsage(used)
      cpu.set(dir, [...(cpu.get(dir) ?? []), (user + system) / 1000])
      if (out.findings.length) throw new Error(`connect-check found problems in the bench mesh: ${out.findings[0].message}`)
      return ms
    }
    const [one, many] = await interleave(runs, (dir) => inProcess(dir), dirs[1], dirs[PEERS])
    report(print, 'in-process probe', one, many, runs)
    // Where the time goes: the client's own CPU (the 16 servers share the same cores on this machine).
    const perPeer = median(cpu.get(dirs[PEERS])) / PEERS
    print(`in-process client CPU: ${fmt(median(cpu.get(dirs[1])))} for 1 peer, ${fmt(median(cpu.get(dirs[PEERS])))} for ${PEERS} (${perPeer.toFixed(1)} ms a peer)`)

    const command = commandLine(root)
    if (!command) {
      print('whole command: skipped (no dist/kubectl-mesh with connect-check, no dist/commands/connect-check.js: run npm run build)')
      return
    }
    const e2eRuns = Math.max(3, Math.min(runs, 11))
    const wholeRun = async (dir) => {
      const start = process.hrtime.bigint()
      const r = spawnSync(command[0], [...command.slice(1), 'connect-check', '--config-dir', dir, '--resolver', dns.server, '-o', 'json'], {encoding: 'utf8', cwd: root})
      const ms = Number(process.hrtime.bigint() - start) / 1e6
      if (r.status !== 0) throw new Error(`connect-check exited ${r.status}: ${(r.stderr || r.stdout).slice(-300)}`)
      return ms
    }
    const [oneE2e, manyE2e] = await interleave(e2eRuns, wholeRun, dirs[1], dirs[PEERS])
    report(print, `whole command (${command.label})`, oneE2e, manyE2e, e2eRuns)
  } finally {
    await env.stopTestEnv()
    unregister()
  }
}

/** Runs a, b, a, b, … so that load from others on a shared machine falls on both alike; medians. */
async function interleave(runs, fn, a, b, warmup = 2) {
  const ta = []
  const tb = []
  for (let i = 0; i < warmup + runs; i++) {
    const x = await fn(a)
    const y = await fn(b)
    if (i >= warmup) ta.push(x) && tb.push(y)
  }
  return [median(ta), median(tb)]
}

function report(print, label, one, many, runs) {
  const ratio = many / one
  print(`${`${label}, 1 peer`.padEnd(44)} ${fmt(one)}`)
  print(`${`${label}, ${PEERS} peers`.padEnd(44)} ${fmt(many)}   ${ratio.toFixed(2)}x (goal <= ${GOAL}x: ${ratio <= GOAL ? 'met' : 'NOT met'}); medians of ${runs}`)
}

function commandLine(root) {
  const binary = join(root, 'dist', 'kubectl-mesh')
  if (existsSync(binary) && spawnSync(binary, ['connect-check', '--help'], {encoding: 'utf8'}).status === 0) return Object.assign([binary], {label: 'dist/kubectl-mesh'})
  if (existsSync(join(root, 'dist', 'commands', 'connect-check.js'))) return Object.assign([pinnedNode(root), join(root, 'bin', 'run.js')], {label: 'bin/run.js'})
  return undefined
}
