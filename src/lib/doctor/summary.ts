// The report's clusters[] for doctor: what each context showed live (identity, PodCIDRs, the mesh endpoint).
import type {ClusterSummary} from '../report/types.js'
import {serviceAddresses, usesKvstoremesh, remoteSecret} from './endpoints.js'
import {imageVersion} from './parse-workloads.js'
import type {LiveCluster} from './types.js'

/** `name` is the cluster's key in findings and results (its Cilium name when unique, else the context). */
export function liveSummary(c: LiveCluster, name: string = c.context): ClusterSummary {
  const r = c.reads
  if (!r) return {name, context: c.context, server: c.server, reachable: false}
  const config = r.config.ok ? r.config.value : undefined
  const id = config?.clusterId && /^\d+$/.test(config.clusterId) ? Number(config.clusterId) : undefined
  const pods = [
    ...new Set([
      ...(r.ciliumNodes.ok ? r.ciliumNodes.value.flatMap((n) => n.podCIDRs) : []),
      ...(config?.clusterPoolCIDRs ?? []),
    ]),
  ]
  const svc = r.service.ok ? r.service.value : undefined
  const addresses = serviceAddresses(c)
  const primary = addresses.ok ? addresses.addresses.find((l) => l.primary) : undefined
  const peers = remoteSecret(r)
  const mesh: Record<string, unknown> = {
    ...(svc ? {serviceType: svc.type} : {}),
    ...(primary ? {address: primary.ip, port: primary.port} : {}),
    ...(config?.maxConnectedClusters ? {maxConnectedClusters: Number(config.maxConnectedClusters)} : {}),
    ...(r.apiserver.ok && r.apiserver.value ? {kvstoremesh: usesKvstoremesh(r)} : {}),
    ...(peers.ok && peers.value ? {peers: peers.value.peers.map((p) => p.name)} : {}),
  }
  const version = r.agents.ok ? imageVersion(r.agents.value?.image) : undefined
  return {
    name,
    context: c.context,
    server: c.server,
    ...(config?.clusterName ? {clusterName: config.clusterName} : {}),
    ...(id === undefined ? {} : {id}),
    ...(pods.length ? {podCIDRs: pods} : {}),
    ...(Object.keys(mesh).length ? {clustermesh: mesh} : {}),
    ...(version ? {ciliumVersion: version} : {}),
    kubernetesVersion: c.reach.ok ? c.reach.value : undefined,
  }
}
