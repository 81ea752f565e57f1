// What one live cluster says: its Cilium cluster-name, the clustermesh-apiserver Service (address, pins, ports,
// published host names) and its LB-IPAM pools. Reads only; every failure becomes data, never an exception.
import {type Fact, known, unknown} from '../mesh/fact.js'
import type {ClusterClient, KubeFailure, KubeObject} from '../kube/index.js'
import {clusterIdentity, parseCiliumConfig} from '../live/cilium-config.js'
import {type LivePeers, readLivePeers} from './live-peers.js'
import type {LiveService, LiveState, PoolBlock} from './types.js'

export const SERVICE_NAME = 'clustermesh-apiserver'
const PIN_ANNOTATIONS = ['lbipam.cilium.io/ips', 'io.cilium/lb-ipam-ips']
const HOSTNAME_ANNOTATION = 'external-dns.alpha.kubernetes.io/hostname'
// LB-IPAM pools moved to cilium.io/v2 in 1.17; older clusters serve only v2alpha1.
const POOL_VERSIONS = ['cilium.io/v2', 'cilium.io/v2alpha1']

export interface LiveCluster {
  context: string
  /** cilium-config's cluster-name, when it could be read. */
  clusterName?: string
  service: LiveState
  /** undefined: the cluster does not serve CiliumLoadBalancerIPPool. */
  pools?: Fact<PoolBlock[]>
  /** The peers its mesh Secret dials; undefined when it has no mesh Secret. */
  peers?: LivePeers
}

const record = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const split = (v: unknown) => (typeof v === 'string' ? v.split(/[\s,]+/).filter(Boolean) : [])

/** A read that cannot be done because of the context itself (not a missing object) makes the run incomplete. */
const blocksContext = (e: KubeFailure) => e.kind !== 'not-found'

export function liveService(context: string, obj: KubeObject): LiveService {
  const spec = record(obj.spec)
  const ingress = list(record(record(obj.status).loadBalancer).ingress).map(record)
  const annotations = obj.metadata.annotations ?? {}
  const pinned = PIN_ANNOTATIONS.flatMap((k) => split(annotations[k]))
  if (typeof spec.loadBalancerIP === 'string' && spec.loadBalancerIP) pinned.push(spec.loadBalancerIP)
  return {
    context,
    namespace: obj.metadata.namespace ?? '',
    name: obj.metadata.name,
    type: typeof spec.type === 'string' ? spec.type : 'ClusterIP',
    ingress: ingress.flatMap((i) => (typeof i.ip === 'string' ? [i.ip] : [])),
    ingressHostnames: ingress.flatMap((i) => (typeof i.hostname === 'string' ? [i.hostname] : [])),
    pinned: [...new Set(pinned)],
    ports: list(spec.ports).map(record).flatMap((p) =>
      typeof p.port === 'number'
        ? [{port: p.port, ...(typeof p.nodePort === 'number' ? {nodePort: p.nodePort} : {}), ...(typeof p.name === 'string' ? {name: p.name} : {})}]
        : [],
    ),
    hostnames: split(annotations[HOSTNAME_ANNOTATION]),
  }
}

export function poolBlocks(pools: readonly KubeObject[]): PoolBlock[] {
  const out: PoolBlock[] = []
  for (const pool of pools) {
    const spec = record(pool.spec)
    if (spec.disabled === true) continue
    const resource = {apiVersion: pool.apiVersion, kind: pool.kind, name: pool.metadata.name}
    // spec.blocks since 1.15; spec.cidrs is the older name of the same list.
    for (const b of [...list(spec.blocks), ...list(spec.cidrs)].map(record)) {
      const text = typeof b.cidr === 'string' ? b.cidr : typeof b.start === 'string' ? `${b.start}-${String(b.stop ?? b.start)}` : undefined
      if (text) out.push({pool: pool.metadata.name, text, origin: {resource}})
    }
  }
  return out
}

async function clusterName(client: ClusterClient, namespaces: readonly string[]): Promise<{name?: string; namespace?: string}> {
  for (const namespace of namespaces) {
    const cm = await client.get({apiVersion: 'v1', kind: 'ConfigMap', name: 'cilium-config', namespace})
    if (cm.ok) {
      const {name} = clusterIdentity(parseCiliumConfig(cm.value))
      return {namespace, ...(name ? {name} : {})}
    }
    if (cm.error.kind !== 'not-found') return {}
  }
  return {}
}

async function livePools(client: ClusterClient): Promise<Fact<PoolBlock[]> | undefined> {
  for (const apiVersion of POOL_VERSIONS) {
    const pools = await client.list({apiVersion, kind: 'CiliumLoadBalancerIPPool'})
    if (pools.ok) return known(poolBlocks(pools.value))
    if (pools.error.kind !== 'not-found') return unknown(`cannot read the LB pools: ${pools.error.message}`)
  }
  return undefined
}

/** Reads one context; `namespaces` are where Cilium may be installed (the repository's, then kube-system). */
export async function readLive(client: ClusterClient, namespaces: readonly string[]): Promise<LiveCluster> {
  const found = await clusterName(client, namespaces)
  const namespace = found.namespace ?? namespaces[0] ?? 'kube-system'
  const [svc, pools, peers] = await Promise.all([
    client.get({apiVersion: 'v1', kind: 'Service', name: SERVICE_NAME, namespace}),
    livePools(client),
    readLivePeers(client, namespace),
  ])
  const context = client.context
  const service: LiveState = svc.ok
    ? {ok: true, service: liveService(context, svc.value)}
    : blocksContext(svc.error)
      ? {ok: false, context, reason: svc.error.message, incomplete: true}
      : {ok: false, context, reason: `context ${context} has no Service ${namespace}/${SERVICE_NAME}`, incomplete: false}
  return {context, ...(found.name ? {clusterName: found.name} : {}), service, ...(pools ? {pools} : {}), ...(peers ? {peers} : {})}
}
