// --repo: which repository cluster a live context is, and what the repository says about its identity and address.
// Pure functions over the MeshModel (src/lib/mesh) the lint side builds.
import {meshName} from '../checks/mesh/support.js'
import type {Fact} from '../mesh/fact.js'
import type {MeshCluster, MeshModel, PeerEntry} from '../mesh/types.js'

export interface RepoMatch {
  cluster: MeshCluster
  /** How the context was matched: its live cluster-name, or the context name. */
  by: 'cluster-name' | 'context'
}

/** The live cluster-name names the repository cluster; failing that, the context name does. */
export function repoClusterFor(repo: MeshModel, context: string, liveName: string | undefined): RepoMatch | undefined {
  // A context declared for a cluster in .kubectl-mesh.yaml is the user's own word: it wins, and that cluster is
  // served by no other context.
  const withCilium = repo.clusters.filter((m) => m.cilium && (!m.context || m.context === context))
  const declared = withCilium.find((m) => m.context === context)
  if (declared) return {cluster: declared, by: 'context'}
  const byName = liveName ? withCilium.find((m) => meshName(m) === liveName) : undefined
  if (byName) return {cluster: byName, by: 'cluster-name'}
  const byContext = withCilium.find((m) => m.name === context || meshName(m) === context)
  return byContext ? {cluster: byContext, by: 'context'} : undefined
}

export const factValue = <T>(f: Fact<T>): T | undefined => (f.known ? f.value : undefined)

/** The addresses the repository pins for this cluster's clustermesh-apiserver. */
export function pinnedAddresses(m: MeshCluster): {ip: string; via: string}[] | undefined {
  const lb = m.clustermesh.lbIPs
  return lb.known ? lb.value.map(({ip, via}) => ({ip, via})) : undefined
}

/** How the repository's other clusters are configured to reach this one (their clustermesh.config.clusters[]). */
export function peerEntriesFor(repo: MeshModel, m: MeshCluster): {from: MeshCluster; entry: PeerEntry}[] {
  const name = meshName(m)
  return repo.clusters.flatMap((other) => {
    if (other === m || !other.clustermesh.peers.known) return []
    return other.clustermesh.peers.value.filter((p) => p.name === name).map((entry) => ({from: other, entry}))
  })
}

/** Mesh names of every repository cluster that runs Cilium. */
export const repoMeshNames = (repo: MeshModel) => repo.clusters.filter((m) => m.cilium).map(meshName)
