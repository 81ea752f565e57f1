// clusterSummaries: the report's clusters[] entries (report-contract.md), what the tool believes about each cluster.
import type {ClusterSummary} from '../report/types.js'
import type {Fact} from './fact.js'
import type {MeshCluster, MeshModel} from './types.js'

const value = <T>(f: Fact<T>): T | undefined => (f.known ? f.value : undefined)

function idOf(m: MeshCluster): number | undefined {
  const v = value(m.clusterId)
  return typeof v === 'number' && Number.isInteger(v) ? v : undefined
}

function clustermesh(m: MeshCluster): Record<string, unknown> {
  const cm = m.clustermesh
  const lb = value(cm.lbIPs)
  const max = value(cm.maxConnectedClusters)
  const tls = value(cm.tls.autoEnabled) === false ? 'provided' : value(cm.tls.method)
  const entries: [string, unknown][] = [
    ['useAPIServer', value(cm.useAPIServer)],
    ['lbIP', lb?.[0]?.ip],
    ['fqdn', value(cm.fqdn)],
    ['port', value(cm.port)],
    ['maxConnectedClusters', typeof max === 'number' ? max : undefined],
    ['kvstoremesh', value(cm.kvstoremesh)],
    ['tlsMethod', tls],
  ]
  // Omit rather than write null when a fact is unknown.
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined))
}

export function clusterSummaries(model: MeshModel): ClusterSummary[] {
  return model.clusters.map((m) => {
    const name = value(m.clusterName)
    const id = idOf(m)
    const pods = value(m.podCIDRs)
    const services = value(m.serviceCIDRs)
    const chart = m.cilium && value(m.cilium.chartVersion)
    return {
      name: m.name,
      ...(typeof name === 'string' && name !== m.name ? {clusterName: name} : {}),
      ...(id === undefined ? {} : {id}),
      ...(pods ? {podCIDRs: pods.map((c) => c.cidr)} : {}),
      ...(services ? {serviceCIDRs: services.map((c) => c.cidr)} : {}),
      ...(m.cilium ? {clustermesh: clustermesh(m)} : {}),
      ...(chart ? {ciliumChart: chart} : {}),
      sources: m.sources,
    }
  })
}
