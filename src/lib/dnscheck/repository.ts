// What the repository says about one cluster's clustermesh-apiserver: pinned addresses, LB pools, the Service's
// type and port, and the ports its peers are configured with. Read from the MeshModel, every fact with its origin.
import {type Fact, known, mapFact, unknown} from '../mesh/fact.js'
import type {MeshCluster, MeshModel} from '../mesh/types.js'
import type {PeerPort, PinnedAddress, PoolBlock} from './types.js'

export const meshNameOf = (m: MeshCluster) =>
  m.clusterName.known && typeof m.clusterName.value === 'string' && m.clusterName.value ? m.clusterName.value : m.name

/** Clusters that run (or may run) a clustermesh-apiserver: those a name can point at. */
export const apiserverClusters = (model: MeshModel) =>
  model.clusters.filter((c) => c.cilium && !(c.clustermesh.useAPIServer.known && !c.clustermesh.useAPIServer.value))

export const pinnedOf = (m: MeshCluster): Fact<PinnedAddress[]> =>
  mapFact(m.clustermesh.lbIPs, (pins) => pins.map((p) => ({ip: p.ip, via: p.via, origin: p.origin})))

export function poolsOf(m: MeshCluster): Fact<PoolBlock[]> {
  return known(
    m.lbPools
      .filter((p) => !p.disabled)
      .flatMap((p) => p.blocks.map((b) => ({pool: p.name, text: b.text, origin: {pos: b.pos, resource: p.resource}}))),
  )
}

/**
 * Every peer entry (clustermesh.config.clusters[]) that names this cluster, from clusters where the chart renders
 * them. Unknown when no cluster renders its peers from the chart (the mesh Secret then comes from elsewhere).
 */
export function peerPortsOf(target: MeshCluster, model: MeshModel): Fact<PeerPort[]> {
  const name = meshNameOf(target)
  const out: PeerPort[] = []
  const unsure: string[] = []
  let renderers = 0
  for (const other of model.clusters) {
    if (other === target || !other.cilium) continue
    const cm = other.clustermesh
    if (!cm.configEnabled.known || !cm.peers.known) {
      unsure.push(`${other.name}: ${cm.configEnabled.known ? (cm.peers as {reason: string}).reason : cm.configEnabled.reason}`)
      continue
    }
    if (!cm.configEnabled.value) continue
    renderers++
    for (const p of cm.peers.value)
      if (p.name === name && p.port !== undefined)
        out.push({
          from: other.name,
          port: p.port,
          ...(p.address ? {address: p.address} : {}),
          via: 'clustermesh.config.clusters',
          origin: {pos: p.pos, resource: p.resource},
        })
  }
  if (out.length === 0 && renderers === 0)
    return unknown(
      unsure.length
        ? `the peers' configuration cannot be read: ${unsure.join('; ')}`
        : 'no cluster renders its peers from clustermesh.config.clusters (the mesh Secret comes from elsewhere)',
    )
  return known(out)
}
