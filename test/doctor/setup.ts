// A three-cluster mesh on real kube-apiservers (alpha, beta with KVStoreMesh, gamma), one exec stand-in per cluster,
// and a way to run doctor over it in-process. Tests break one thing, run doctor, and put it back.
import type {Gathered} from '../../src/lib/cli/report-command.js'
import {runDoctor, type DoctorOptions} from '../../src/lib/doctor/run.js'
import type {PodExec} from '../../src/lib/doctor/views.js'
import {KubeConfig} from '../../src/lib/kube/client.js'
import {execWith} from '../../src/lib/kube/exec.js'
import {openClusters} from '../../src/lib/kube/index.js'
import {type Cluster, startClusters, writeKubeconfig} from '../env/index.js'
import {agentStatus, kvstoremeshStatus, type RemoteState} from './agent-json.js'
import {mintMeshCA} from './ca.js'
import {installCrds} from './crds.js'
import {type ExecReply, type ExecRequest, type ExecStandin, startExecStandin} from './exec-standin.js'
import {type ClusterSpec, seedMeshCluster} from './mesh.js'

export interface TestMesh {
  clusters: Cluster[]
  specs: ClusterSpec[]
  kubeconfig: string
  standins: ExecStandin[]
  exec: PodExec
  /** Rewrites what a pod reports about its remote clusters (default: every configured peer ready). */
  remotes: (spec: ClusterSpec, req: ExecRequest, normal: RemoteState[]) => RemoteState[] | ExecReply
  doctor(options?: Partial<DoctorOptions> & {contexts?: string[]; kubeconfig?: string; requestTimeoutMs?: number}): Promise<Gathered>
}

/** A full mesh of these clusters: one shared CA, the second with KVStoreMesh, the first with an ExternalSecret. */
export async function meshSpecs(names = ['alpha', 'beta', 'gamma']): Promise<ClusterSpec[]> {
  const ca = await mintMeshCA()
  const lb = (i: number) => `10.99.${i + 1}.100`
  return names.map((name, i) => ({
    name,
    id: i + 1,
    podOctet: 11 + i,
    lbIP: lb(i),
    kvstoremesh: i === 1,
    ca,
    agents: 2,
    peers: names.flatMap((peer, j) => (j === i ? [] : [{name: peer, ip: lb(j)}])),
    externalSecret: i === 0,
    globalServices: [{name: 'rebel-base', ports: [{name: 'http', port: 80}], ready: 1}],
  }))
}

function reply(mesh: TestMesh, spec: ClusterSpec, req: ExecRequest): ExecReply {
  const normal: RemoteState[] = spec.peers.map((p) => ({name: p.name, id: mesh.specs.findIndex((s) => s.name === p.name) + 1}))
  const wanted = mesh.remotes(spec, req, normal)
  if (!Array.isArray(wanted)) return wanted
  if (req.command[0] === 'cilium-dbg' && req.container === 'cilium-agent') return {stdout: agentStatus(wanted, spec.kvstoremesh)}
  if (req.command.join(' ') === 'clustermesh-apiserver kvstoremesh-dbg status -o json' && req.container === 'kvstoremesh') return {stdout: kvstoremeshStatus(wanted)}
  return {stderr: `exec: "${req.command[0]}": executable file not found in $PATH`, exitCode: 127}
}

export async function startTestMesh(names?: string[]): Promise<TestMesh> {
  const specs = await meshSpecs(names)
  const clusters = await startClusters(specs.length, 'doctor')
  const mesh = {clusters, specs, remotes: (_s, _r, normal) => normal} as TestMesh
  mesh.standins = await Promise.all(specs.map((spec) => startExecStandin((req) => reply(mesh, spec, req))))
  try {
    await Promise.all(clusters.map(async (c, i) => {
      await installCrds(c)
      await seedMeshCluster(c, specs[i])
    }))
  } catch (error) {
    await stopTestMesh(mesh)
    throw error
  }
  mesh.kubeconfig = writeKubeconfig(clusters)
  // Exec goes to the stand-in of the cluster the context points at; everything else to the real API server.
  const kcs = new Map(
    clusters.map((c, i) => {
      const kc = new KubeConfig()
      kc.loadFromOptions({
        clusters: [{name: 'standin', server: mesh.standins[i].url, skipTLSVerify: true}],
        users: [{name: 'standin', token: 'exec-standin'}],
        contexts: [{name: 'standin', cluster: 'standin', user: 'standin'}],
        currentContext: 'standin',
      })
      return [c.url, {kc, url: mesh.standins[i].url}] as const
    }),
  )
  mesh.exec = (client, target) => {
    const s = kcs.get(client.server)
    if (!s) throw new Error(`no exec stand-in for ${client.server}`)
    return execWith(s.kc, {context: client.context, server: s.url}, target, client.timeoutMs)
  }
  mesh.doctor = async (options = {}) => {
    const clients = await openClusters({
      kubeconfig: options.kubeconfig ?? mesh.kubeconfig,
      context: options.contexts ?? clusters.map((c) => c.name),
      requestTimeoutMs: options.requestTimeoutMs ?? 5000,
      env: {},
    })
    return runDoctor(clients, {namespace: 'kube-system', selection: {}, exec: mesh.exec, ...options})
  }
  return mesh
}

/** Stops the stand-ins (the harness's useTestEnv() stops the servers). */
export async function stopTestMesh(mesh: TestMesh | undefined): Promise<void> {
  await Promise.all((mesh?.standins ?? []).map((s) => s.stop()))
}
