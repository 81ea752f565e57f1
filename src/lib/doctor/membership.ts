// Who belongs to the mesh, as far as this run can tell: the reached clusters that run the clustermesh-apiserver,
// list peers, or are listed by a peer; plus the repository's clusters with --repo.
import {remoteSecret} from './endpoints.js'
import {repoMeshNames} from './repository.js'
import type {ClusterReads, DoctorModel, LiveCluster, MeshSecret} from './types.js'

const liveName = (c: LiveCluster) => (c.reads?.config.ok ? c.reads.config.value?.clusterName : undefined)

const entriesOf = (reads: ClusterReads, secret: 'remote' | 'clustermesh'): MeshSecret | undefined => {
  const r = secret === 'remote' ? remoteSecret(reads) : reads.clustermeshSecret
  return r.ok ? r.value : undefined
}

/** Mesh names listed by the remote Secret of every reached cluster other than `except`. */
export function listedByOthers(model: DoctorModel, except?: LiveCluster): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const c of model.clusters) {
    if (c === except || !c.reads) continue
    for (const p of entriesOf(c.reads, 'remote')?.peers ?? []) out.set(p.name, [...(out.get(p.name) ?? []), c.context])
  }
  return out
}

export function inMesh(c: LiveCluster, model: DoctorModel): boolean {
  if (!c.reads) return false
  if (c.reads.apiserver.ok && c.reads.apiserver.value) return true
  if ((entriesOf(c.reads, 'remote')?.peers.length ?? 0) > 0) return true
  const name = liveName(c)
  return name !== undefined && listedByOthers(model, c).has(name)
}

/** Mesh names of the members this run knows of. */
export function meshMembers(model: DoctorModel): Set<string> {
  const names = new Set<string>()
  for (const c of model.clusters) {
    const name = liveName(c)
    if (name && inMesh(c, model)) names.add(name)
  }
  if (model.repo) for (const n of repoMeshNames(model.repo)) names.add(n)
  return names
}

/** Whether the run sees enough of the mesh to call a name "not a cluster of the mesh". */
export const meshKnown = (model: DoctorModel) => model.repo !== undefined || model.clusters.filter((c) => c.reads).length >= 2
