// One live source cluster: its identity (cilium-config), whether KVStoreMesh connects to the peers (a
// kvstoremesh container in the clustermesh-apiserver Deployment) or the agents do, and the directory that
// process sees at /var/lib/cilium/clustermesh, assembled in memory from the Secrets its pod template mounts.
import type {ClusterClient, KubeFailure, KubeObject} from '../kube/index.js'
import {assembleFiles, chartDefaultSources, hostAliasesOf, mountedSources, type PodSpecLike, type VolumeSource} from './mounted-volume.js'
import {peerConfigs} from './peer-configs.js'
import type {Source, SourceProblem} from './types.js'

const MOUNT = '/var/lib/cilium/clustermesh'

interface Workload extends KubeObject {
  spec?: {template?: {spec?: PodSpecLike}}
}

export interface LiveSourceOptions {
  namespace: string
  only?: readonly string[]
}

export async function readLiveSource(client: ClusterClient, options: LiveSourceOptions): Promise<Source> {
  const ns = options.namespace
  const problems: SourceProblem[] = []
  const unreadable = (e: KubeFailure) => problems.push({id: 'CM301', message: e.message})
  const base = {context: client.context, mode: 'live' as const, peers: [], problems}

  const config = await client.get<KubeObject & {data?: Record<string, string>}>({apiVersion: 'v1', kind: 'ConfigMap', namespace: ns, name: 'cilium-config'})
  if (!config.ok && (config.error.kind === 'unreachable' || config.error.kind === 'unauthorized')) {
    unreadable(config.error)
    return {...base, name: client.context, configFrom: 'nothing (cluster unreachable)'}
  }
  if (!config.ok && config.error.kind !== 'not-found') unreadable(config.error)
  const data = config.ok ? (config.value.data ?? {}) : {}
  const name = data['cluster-name'] || client.context
  const id = /^\d+$/.test(data['cluster-id'] ?? '') ? Number(data['cluster-id']) : undefined

  const [deployment, daemonset] = await Promise.all([
    client.get<Workload>({apiVersion: 'apps/v1', kind: 'Deployment', namespace: ns, name: 'clustermesh-apiserver'}),
    client.list<Workload>({apiVersion: 'apps/v1', kind: 'DaemonSet', namespace: ns, labelSelector: 'k8s-app=cilium'}),
  ])
  if (!deployment.ok && deployment.error.kind !== 'not-found') unreadable(deployment.error)
  if (!daemonset.ok) unreadable(daemonset.error)
  const apiserverSpec = deployment.ok ? deployment.value.spec?.template?.spec : undefined
  const agentDs = daemonset.ok ? daemonset.value.find((d) => d.spec?.template?.spec?.containers?.some((c) => c.name === 'cilium-agent')) : undefined
  const agentSpec = agentDs?.spec?.template?.spec

  let kvstoremesh = Boolean(apiserverSpec?.containers?.some((c) => c.name === 'kvstoremesh'))
  if (!deployment.ok && deployment.error.kind !== 'not-found') {
    // Cannot see the Deployment: the presence of cilium-kvstoremesh is the next best sign.
    const probe = await client.get({apiVersion: 'v1', kind: 'Secret', namespace: ns, name: 'cilium-kvstoremesh'})
    kvstoremesh = probe.ok
  }
  const meshSecret = kvstoremesh ? 'cilium-kvstoremesh' : 'cilium-clustermesh'
  const [spec, container, workload] = kvstoremesh
    ? [apiserverSpec, 'kvstoremesh', `Deployment ${ns}/clustermesh-apiserver`]
    : [agentSpec, 'cilium-agent', agentDs ? `DaemonSet ${ns}/${agentDs.metadata.name}` : `the agent DaemonSet`]
  const mountPath = kvstoremesh ? MOUNT : (data['clustermesh-config'] || MOUNT)
  const mounted = spec ? mountedSources(spec, container, mountPath) : {ok: false as const, problem: `${workload} not readable or not found`}
  const sources: VolumeSource[] = mounted.ok ? mounted.sources : chartDefaultSources(meshSecret)

  const objects = await readSources(client, ns, sources, unreadable)
  const {files, problems: mountProblems} = assembleFiles(sources, objects)
  const hostAliases = hostAliasesOf(spec)
  const {peers, skippedSelf} = peerConfigs(files, {localName: name, hostAliases, only: options.only})

  const what = sources.map((s) => `${s.kind} ${s.name}${objects.get(`${s.kind}/${s.name}`) ? '' : ' (missing)'}`).join(', ')
  const configFrom = mounted.ok
    ? `${workload}, container ${container}, volume ${mounted.volume}: ${what}`
    : `${what} (the chart's layout: ${mounted.problem})`
  for (const p of mountProblems) problems.push({id: 'CM308', message: `${workload}: ${p}`})
  if (peers.length === 0 && !problems.some((p) => p.id === 'CM301')) {
    problems.push({id: 'CM308', message: `no peer configuration (a key with "endpoints:") in ${what}${skippedSelf ? ` besides the cluster's own entry ${skippedSelf}` : ''}`})
  }
  return {
    ...base,
    name,
    ...(id === undefined ? {} : {id}),
    configFrom,
    kvstoremesh,
    peers,
    ...(skippedSelf ? {skippedSelf} : {}),
    ...(spec ? {} : {hostAliasGap: `${workload} could not be read, so its hostAliases (Helm clustermesh.config.clusters[].ips) are unknown`}),
  }
}

async function readSources(
  client: ClusterClient,
  ns: string,
  sources: VolumeSource[],
  unreadable: (e: KubeFailure) => void,
): Promise<Map<string, Map<string, Buffer> | undefined>> {
  const out = new Map<string, Map<string, Buffer> | undefined>()
  await Promise.all(
    sources.map(async (s) => {
      const key = `${s.kind}/${s.name}`
      if (out.has(key)) return
      out.set(key, undefined)
      const got = await client.get<KubeObject & {data?: Record<string, string>; binaryData?: Record<string, string>}>({apiVersion: 'v1', kind: s.kind, namespace: ns, name: s.name})
      if (!got.ok) {
        if (got.error.kind !== 'not-found') unreadable(got.error)
        return
      }
      const decoded = new Map<string, Buffer>()
      const b64 = (v: string) => Buffer.from(v, 'base64')
      if (s.kind === 'Secret') for (const [k, v] of Object.entries(got.value.data ?? {})) decoded.set(k, b64(v))
      else {
        for (const [k, v] of Object.entries(got.value.data ?? {})) decoded.set(k, Buffer.from(v, 'utf8'))
        for (const [k, v] of Object.entries(got.value.binaryData ?? {})) decoded.set(k, b64(v))
      }
      out.set(key, decoded)
    }),
  )
  return out
}
