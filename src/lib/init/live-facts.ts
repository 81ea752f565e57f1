// The new cluster's real facts, when init is given its kube context: cilium-config's cluster-name, cluster-id
// and cluster-pool CIDRs, the nodes' PodCIDRs, and the ServiceCIDR objects (Kubernetes 1.33+).
import {parseCiliumConfig} from '../doctor/parse-workloads.js'
import {parseNode} from '../doctor/parse-network.js'
import {coveredBy, parseCidr} from '../mesh/cidr.js'
import type {ClusterClient, KubeObject, KubeResult} from '../kube/index.js'
import type {LiveFacts} from './suggest.js'

const items = (r: KubeResult<KubeObject[]>) => (r.ok ? r.value : [])

/** ServiceCIDRs from networking.k8s.io (v1, else v1beta1); empty on older servers. */
async function serviceCIDRs(client: ClusterClient): Promise<string[]> {
  for (const apiVersion of ['networking.k8s.io/v1', 'networking.k8s.io/v1beta1']) {
    const r = await client.list({apiVersion, kind: 'ServiceCIDR'})
    if (r.ok) return r.value.flatMap((o) => ((o.spec as {cidrs?: unknown} | undefined)?.cidrs as string[] | undefined) ?? [])
    if (r.error.kind !== 'not-found') return []
  }
  return []
}

export interface LiveRead {
  facts?: LiveFacts
  /** Why nothing could be read (unreachable, forbidden …). */
  problem?: string
}

export async function readLiveFacts(client: ClusterClient, namespace: string): Promise<LiveRead> {
  const version = await client.serverVersion()
  if (!version.ok) return {problem: version.error.message}
  const [config, nodes, services] = await Promise.all([
    client.get({apiVersion: 'v1', kind: 'ConfigMap', namespace, name: 'cilium-config'}),
    client.list({apiVersion: 'v1', kind: 'Node'}),
    serviceCIDRs(client),
  ])
  const cilium = config.ok ? parseCiliumConfig(config.value) : undefined
  const id = cilium?.clusterId !== undefined && /^\d+$/.test(cilium.clusterId) ? Number(cilium.clusterId) : undefined
  const nodePodCIDRs = items(nodes).flatMap((n) => parseNode(n).podCIDRs)
  const facts: LiveFacts = {
    context: client.context,
    ...(cilium?.clusterName && cilium.clusterName !== 'default' ? {clusterName: cilium.clusterName} : {}),
    ...(id ? {clusterId: id} : {}),
    ...(cilium?.ipamMode === 'cluster-pool' && cilium.clusterPoolCIDRs.length ? {podCIDRs: cilium.clusterPoolCIDRs} : {}),
    ...(nodePodCIDRs.length ? {nodePodCIDRs} : {}),
    ...(services.length ? {serviceCIDRs: services} : {}),
  }
  return {facts}
}

/** Where an answer disagrees with what the cluster itself says. */
export function disagreements(live: LiveFacts, answers: {name?: string; id?: number; podCIDRs?: string[]; serviceCIDRs?: string[]}): string[] {
  const out: string[] = []
  const ctx = `context ${live.context}`
  if (live.clusterName && answers.name && live.clusterName !== answers.name) out.push(`the name ${answers.name} is not cilium-config's cluster-name ${live.clusterName} (${ctx})`)
  if (live.clusterId && answers.id && live.clusterId !== answers.id) out.push(`the id ${answers.id} is not cilium-config's cluster-id ${live.clusterId} (${ctx})`)
  const same = (a: string[], b: string[]) => [...a].sort().join() === [...b].sort().join()
  if (live.podCIDRs && answers.podCIDRs && !same(live.podCIDRs, answers.podCIDRs)) out.push(`the PodCIDRs ${answers.podCIDRs.join(', ')} are not cilium-config's cluster-pool ${live.podCIDRs.join(', ')} (${ctx})`)
  const pods = (answers.podCIDRs ?? []).map(parseCidr).filter((r) => r !== undefined)
  const outside = (live.nodePodCIDRs ?? []).filter((c) => {
    const r = parseCidr(c)
    return r !== undefined && pods.length > 0 && !coveredBy(r, pods)
  })
  if (outside.length) out.push(`the PodCIDRs ${answers.podCIDRs!.join(', ')} do not cover the nodes' PodCIDRs ${outside.join(', ')} (${ctx})`)
  if (live.serviceCIDRs && answers.serviceCIDRs && !same(live.serviceCIDRs, answers.serviceCIDRs))
    out.push(`the ServiceCIDRs ${answers.serviceCIDRs.join(', ')} are not the cluster's ServiceCIDR ${live.serviceCIDRs.join(', ')} (${ctx})`)
  return out
}
