// doctor over 8 contexts against the slowest single context (goal <= 1.3x, issue 12): 8 real kube-apiservers (the test env's),
// each holding one cluster of a full 8-cluster mesh (the doctor tests' fixture), exec into the agents through the
// tests' exec stand-in; in-process (src/lib/doctor through tsx), medians of interleaved runs.
// Measured twice: straight to the loopback servers (all 16 server processes share this machine's cores with doctor,
// so this is CPU-bound), and through a relay adding 20 ms of round trip per packet exchange (what remote clusters
// cost: there doctor mostly waits, and waiting is what the concurrency overlaps).
import net from 'node:net'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {fmt, median} from './lib/measure.mjs'

export const title = 'doctor: 8 contexts against the slowest single context (real kube-apiservers)'
const GOAL = 1.3
const CLUSTERS = 8
const RTT_MS = 20

export default async function run({root, runs, print}) {
  const {register} = await import('tsx/esm/api')
  const unregister = register()
  const load = (file) => import(pathToFileURL(join(root, file)).href)
  const env = await load('test/env/index.ts')
  const {startTestMesh, stopTestMesh} = await load('test/doctor/setup.ts')
  const {openClusters} = await load('src/lib/kube/index.ts')
  const {runDoctor} = await load('src/lib/doctor/run.ts')
  for (const name of ['etcd', 'kube-apiserver']) if (!env.findBinary(name)) throw new Error(`${name} is missing: run npm run testenv first`)
  let mesh
  const relays = []
  try {
    const started = Date.now()
    mesh = await startTestMesh(Array.from({length: CLUSTERS}, (_, i) => `c${i + 1}`))
    print(`setup: ${CLUSTERS} kube-apiservers with etcd, CRDs and a full mesh in ${((Date.now() - started) / 1000).toFixed(1)} s`)
    const contexts = mesh.clusters.map((c) => c.name)
    const direct = env.writeKubeconfig(mesh.clusters)
    const viaRelay = new Map()
    for (const c of mesh.clusters) {
      const relay = await startRelay(c.url, RTT_MS / 2)
      relays.push(relay)
      viaRelay.set(relay.url, c.url)
    }
    const delayed = env.writeKubeconfig(mesh.clusters.map((c, i) => ({...c, url: relays[i].url})))
    // Exec still goes to the stand-in of the cluster behind the relay.
    const exec = (client, target) => mesh.exec({context: client.context, timeoutMs: client.timeoutMs, server: viaRelay.get(client.server) ?? client.server}, target)

    for (const [label, kubeconfig] of [['loopback', direct], [`${RTT_MS} ms RTT`, delayed]]) {
      const once = async (list) => {
        const start = process.hrtime.bigint()
        const clients = await openClusters({kubeconfig, context: list, requestTimeoutMs: 10_000, env: {}})
        const g = await runDoctor(clients, {namespace: 'kube-system', selection: {}, exec})
        const ms = Number(process.hrtime.bigint() - start) / 1e6
        if (g.findings.length) throw new Error(`doctor found problems in the bench mesh: ${g.findings[0].id} ${g.findings[0].message}`)
        return ms
      }
      const sets = [...contexts.map((c) => [c]), contexts]
      const times = sets.map(() => [])
      for (let i = 0; i < 2 + runs; i++) for (const [k, set] of sets.entries()) {
        const ms = await once(set)
        if (i >= 2) times[k].push(ms)
      }
      const singles = times.slice(0, CLUSTERS).map(median)
      const slowest = Math.max(...singles)
      const all = median(times[CLUSTERS])
      const ratio = all / slowest
      print(`${label}: one context (each)`.padEnd(36) + ` ${singles.map((t) => t.toFixed(0)).join(' / ')} ms`)
      print(`${label}: ${CLUSTERS} contexts at once`.padEnd(36) + ` ${fmt(all)} against ${fmt(slowest).trim()}: ${ratio.toFixed(2)}x (goal <= ${GOAL}x: ${ratio <= GOAL ? 'met' : 'NOT met'}); medians of ${runs}`)
    }
  } finally {
    for (const r of relays) await r.stop()
    await stopTestMesh(mesh)
    await env.stopTestEnv()
    unregister()
  }
}

/** A loopback TCP relay that holds every chunk for `delayMs` in each direction (bytes pass untouched: TLS end to end). */
async function startRelay(target, delayMs) {
  const {port: targetPort} = new URL(target)
  const sockets = new Set()
  const server = net.createServer((inbound) => {
    const outbound = net.connect(Number(targetPort), '127.0.0.1')
    for (const s of [inbound, outbound]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
    }
    // Data, end of stream and resets all arrive late, in order (timers of equal delay fire in order).
    const pass = (from, to) => {
      from.on('data', (chunk) => setTimeout(() => to.writable && to.write(chunk), delayMs))
      from.on('end', () => setTimeout(() => to.end(), delayMs))
      from.on('error', () => setTimeout(() => to.destroy(), delayMs))
    }
    pass(inbound, outbound)
    pass(outbound, inbound)
  })
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `https://127.0.0.1:${server.address().port}`,
    stop: () => {
      for (const s of sockets) s.destroy()
      return new Promise((resolve) => server.close(resolve))
    },
  }
}
