// One live source cluster: its identity (cilium-config), whether KVStoreMesh connects to the peers (a
// kvstoremesh container in the clustermesh-apiserver Deployment) or the agents do, and the directory that
// process sees at /var/lib/cilium/clustermesh, assembled in memory from the Secrets its pod template mounts.
import type {ClusterClient, KubeFailure, KubeObject} from '../kube/index.js'
import {assembleFiles, chartDefaultSources, hostAliasesOf, mountedSources, type PodSpecLike, type VolumeSource} from './mounted-volume.js'
import {clusterIdentity, parseCiliumConfig} from '../live/cilium-config.js'
import {objectFiles} from '../live/mesh-secret.js'
import {peerConfigs} from './peer-configs.js'
import type {Source, SourceProblem} from './types.js'

const MOUNT = '/var/lib/cilium/clustermesh'

interface Workload extends KubeObject {
  spec?: {template?: {spec?: PodSpecLike}}
}

type DataObject = KubeObject & {data?: Record<string, string>; binaryData?: Record<string, string>}

export interface LiveSourceOptions {
  namespace: string
  only?: readonly string[]
}

/** Who reads the peer configs in this cluster, and through which pod spec. */
interface Reader {
  kvstoremesh: boolean
  spec?: PodSpecLike
  container: string
  workload: string
  mountPath: string
}

export async function readLiveSource(client: ClusterClient, options: LiveSourceOptions): Promise<Source> {
  const ns = options.namespace
  const problems: SourceProblem[] = []
  const unreadable = (e: KubeFailure) => problems.push({id: 'CM301', message: e.message})

  const config = await client.get<DataObject>({apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'cilium-config'})
  if (!config.ok && (config.error.kind === 'unreachable' || config.error.kind === 'unauthorized')) {
    unreadable(config.error)
    return {name: client.context, context: client.context, mode: 'live', configFrom: 'nothing (cluster unreachable)', peers: [], problems}
  }
  if (!config.ok && config.error.kind !== 'not-found') unreadable(config.error)
  const data = config.ok ? (config.value.data ?? {}) : {}
  const identity = clusterIdentity(config.ok ? parseCiliumConfig(config.value) : undefined)
  const name = identity.name ?? client.context
  const id = identity.id

  const reader = await findReader(client, ns, data['clustermesh-config'], unreadable)
  const mounted = reader.spec ? mountedSources(reader.spec, reader.container, reader.mountPath) : {ok: false as const, problem: `${reader.workload} not readable or not found`}
  const sources: VolumeSource[] = mounted.ok ? mounted.sources : chartDefaultSources(reader.kvstoremesh ? 'cilium-kvstoremesh' : 'cilium-clustermesh')
  const objects = await readSources(client, ns, sources, unreadable)
  const {files, problems: mountProblems} = assembleFiles(sources, objects)
  const {peers, skippedSelf} = peerConfigs(files, {localName: name, hostAliases: hostAliasesOf(reader.spec), only: options.only})

  const what = sources.map((s) => `${s.kind} ${s.name}${objects.get(`${s.kind}/${s.name}`) ? '' : ' (missing)'}`).join(', ')
  for (const p of mountProblems) problems.push({id: 'CM308', message: `${reader.workload}: ${p}`})
  if (peers.length === 0 && !problems.some((p) => p.id === 'CM301')) {
    problems.push({id: 'CM308', message: `no peer configuration (a key with "endpoints:") in ${what}${skippedSelf ? ` besides the cluster's own entry ${skippedSelf}` : ''}`})
  }
  return {
    name,
    ...(id === undefined ? {} : {id}),
    context: client.context,
    mode: 'live',
    configFrom: mounted.ok ? `${reader.workload}, container ${reader.container}, volume ${mounted.volume}: ${what}` : `${what} (the chart's layout: ${mounted.problem})`,
    kvstoremesh: reader.kvstoremesh,
    peers,
    ...(skippedSelf ? {skippedSelf} : {}),
    problems,
    ...(reader.spec ? {} : {hostAliasGap: `${reader.workload} could not be read, so its hostAliases (Helm clustermesh.config.clusters[].ips) are unknown`}),
  }
}

// With KVStoreMesh the kvstoremesh container dials the peers (the agents only talk to it); else the agents do.
async function findReader(client: ClusterClient, ns: string, agentConfigPath: string | undefined, unreadable: (e: KubeFailure) => void): Promise<Reader> {
  const [deployment, daemonsets] = await Promise.all([
    client.get<Workload>({apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'clustermesh-apiserver'}),
    client.list<Workload>({apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: ns, labelSelector: 'k8s-app=cilium'}),
  ])
  if (!deployment.ok && deployment.error.kind !== 'not-found') unreadable(deployment.error)
  if (!daemonsets.ok) unreadable(daemonsets.error)
  const apiserverSpec = deployment.ok ? deployment.value.spec?.template?.spec : undefined
  let kvstoremesh = Boolean(apiserverSpec?.containers?.some((c) => c.name === 'kvstoremesh'))
  if (!deployment.ok && deployment.error.kind !== 'not-found') {
    // The Deployment cannot be seen: the presence of cilium-kvstoremesh is the next best sign.
    kvstoremesh = (await client.get({apiVersion: 'v1', kind: 'Secret', namespace: ns, name: 'cilium-kvstoremesh'})).ok
  }
  if (kvstoremesh) return {kvstoremesh, ...(apiserverSpec ? {spec: apiserverSpec} : {}), container: 'kvstoremesh', workload: `Deployment ${ns}/clustermesh-apiserver`, mountPath: MOUNT}
  const agent = daemonsets.ok ? daemonsets.value.find((d) => d.spec?.template?.spec?.containers?.some((c) => c.name === 'cilium-agent')) : undefined
  const spec = agent?.spec?.template?.spec
  return {
    kvstoremesh,
    ...(spec ? {spec} : {}),
    container: 'cilium-agent',
    workload: agent ? `DaemonSet ${ns}/${agent.metadata.name}` : 'the agent DaemonSet',
    mountPath: agentConfigPath || MOUNT, // cilium-config clustermesh-config, as the agent is started with
  }
}

async function readSources(client: ClusterClient, ns: string, sources: VolumeSource[], unreadable: (e: KubeFailure) => void): Promise<Map<string, Map<string, Buffer> | undefined>> {
  const out = new Map<string, Map<string, Buffer> | undefined>()
  const unique = [...new Map(sources.map((s) => [`${s.kind}/${s.name}`, s])).values()]
  await Promise.all(
    unique.map(async (s) => {
      const got = await client.get<DataObject>({apiVersion: 'v1', kind: s.kind, namespace: ns, name: s.name})
      if (!got.ok) {
        if (got.error.kind !== 'not-found') unreadable(got.error)
        out.set(`${s.kind}/${s.name}`, undefined)
        return
      }
      out.set(`${s.kind}/${s.name}`, objectFiles(got.value, s.kind))
    }),
  )
  return out
}
