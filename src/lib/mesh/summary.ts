// clusterSummaries: the report's clusters[] entries (report-contract.md), what the tool believes about each cluster.
import type {ClusterEntrySummary, ClusterSummary} from '../report/types.js'
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

/** Where a fact came from: .kubectl-mesh.yaml, the repository (manifests, values files, settings variables), the chart's defaults. */
export type FactSource = 'declared' | 'repository' | 'chart-default'

const DECLARED_FILE = '.kubectl-mesh.yaml'

function sourceOf(f: Fact<unknown>): FactSource | undefined {
  if (!f.known) return undefined
  if (f.pos?.file === DECLARED_FILE) return 'declared'
  return f.default ? 'chart-default' : 'repository'
}

/** factSources: the source of each fact the summary shows (only facts that are known and not empty). */
function factSources(m: MeshCluster): Record<string, FactSource> {
  const nonEmpty = (f: Fact<unknown[]>) => (f.known && f.value.length > 0 ? f : undefined)
  const facts: [string, Fact<unknown> | undefined][] = [
    ['clusterName', m.clusterName],
    ['id', m.clusterId],
    ['podCIDRs', nonEmpty(m.podCIDRs)],
    ['serviceCIDRs', nonEmpty(m.serviceCIDRs)],
    ['nodeCIDRs', nonEmpty(m.nodeCIDRs)],
    ['fqdn', m.clustermesh.fqdn],
    ['lbIP', nonEmpty(m.clustermesh.lbIPs)],
  ]
  const out: Record<string, FactSource> = {}
  for (const [key, f] of facts) {
    const s = f && sourceOf(f)
    if (s) out[key] = s
  }
  return out
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
      ...(m.found ? {entry: entryOf(m)} : {}),
      sources: m.sources,
      factSources: factSources(m),
    }
  })
}

/** How the cluster was found (report-contract clusters[].entry): path, the layout rule, where, and the hub of a remote. */
function entryOf(m: MeshCluster): ClusterEntrySummary {
  const f = m.found!
  return {
    path: f.path,
    foundBy: f.foundBy,
    ...(f.name ? {name: f.name} : {}),
    ...(f.at ? {file: f.at.file, line: f.at.line} : {}),
    ...(m.remote ? {hub: m.remote.hub, kubeConfig: {namespace: m.remote.namespace, ...(m.remote.secretRef ? {secretRef: m.remote.secretRef} : {}), ...(m.remote.configMapRef ? {configMapRef: m.remote.configMapRef} : {})}} : {}),
  }
}
