// cilium-config → the facts every command reads from it: the cluster's Cilium name and id first (what peers key it
// by), then what doctor compares. Unset keys take the agent's defaults where a verdict needs them.
import type {KubeObject} from '../kube/index.js'

export interface CiliumConfig {
  clusterName?: string
  clusterId?: string
  maxConnectedClusters?: string
  ipamMode?: string
  clusterPoolCIDRs: string[] // cluster-pool-ipv4-cidr and cluster-pool-ipv6-cidr
  routingMode?: string
  tunnelProtocol?: string
  /** kvstore: etcd means an external etcd, not the clustermesh-apiserver. */
  kvstore?: string
  /** clustermesh-config: where the agent reads its peer configs (default /var/lib/cilium/clustermesh/). */
  clustermeshConfig?: string
}

const rec = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {})
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
// cluster-pool-ipv4-cidr is a space-separated list in the ConfigMap (the chart joins the Helm list with " ").
const cidrList = (v: unknown) => (str(v) ?? '').split(/[\s,]+/).filter(Boolean)

export function parseCiliumConfigData(data: Record<string, unknown>): CiliumConfig {
  const get = (key: string) => str(data[key])
  return {
    clusterName: get('cluster-name'),
    clusterId: get('cluster-id'),
    maxConnectedClusters: get('max-connected-clusters'),
    ipamMode: get('ipam'),
    clusterPoolCIDRs: [...cidrList(data['cluster-pool-ipv4-cidr']), ...cidrList(data['cluster-pool-ipv6-cidr'])],
    routingMode: get('routing-mode'),
    tunnelProtocol: get('tunnel-protocol'),
    kvstore: get('kvstore') || undefined,
    clustermeshConfig: get('clustermesh-config') || undefined,
  }
}

export const parseCiliumConfig = (cm: KubeObject): CiliumConfig => parseCiliumConfigData(rec((cm as {data?: unknown}).data))

/** The cluster's identity as its peers see it: cluster-name (empty counts as unset) and an integer cluster-id. */
export function clusterIdentity(config: CiliumConfig | undefined): {name?: string; id?: number; rawId?: string} {
  if (!config) return {}
  const raw = config.clusterId
  const id = raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw.trim()) : undefined
  return {...(config.clusterName ? {name: config.clusterName} : {}), ...(id === undefined ? {} : {id}), ...(raw === undefined ? {} : {rawId: raw})}
}
