// The name people use for a cluster is the one Cilium uses: when the repository gives cluster.name, the cluster is
// called that (the layout's name — directory, variable, kubeconfig Secret — stays in clusters[].entry.name).
// Declared clusters keep their declared names; a Cilium name two clusters share (CM204) renames neither.
import {DNS_LABEL} from '../gitops/flux/cluster-names.js'
import type {RenderedRepository} from '../gitops/types.js'
import type {MeshModel} from './types.js'

export function adoptCiliumNames(repo: RenderedRepository, model: MeshModel): void {
  const wanted = model.clusters.map((m) => {
    const f = m.clusterName
    const declared = m.found?.foundBy === 'declared'
    return !declared && f.known && typeof f.value === 'string' && DNS_LABEL.test(f.value) && f.value !== 'default' ? f.value : undefined
  })
  const count = new Map<string, number>()
  for (const w of wanted) if (w) count.set(w, (count.get(w) ?? 0) + 1)
  const renames = new Map<string, string>()
  model.clusters.forEach((m, i) => {
    const w = wanted[i]
    if (!w || w === m.name || count.get(w) !== 1) return
    // Another cluster already called that (by its layout) keeps the name; this one keeps its own.
    if (model.clusters.some((o, j) => j !== i && o.name === w && wanted[j] !== undefined && wanted[j] !== w)) return
    if (model.clusters.some((o, j) => j !== i && o.name === w && wanted[j] === undefined)) return
    renames.set(m.name, w)
  })
  if (renames.size === 0) return
  for (const m of model.clusters) {
    const to = renames.get(m.name)
    if (!to) continue
    if (m.found) m.found = {...m.found, name: m.name}
    m.name = to
  }
  for (const c of repo.clusters) {
    const to = renames.get(c.name)
    if (to) c.name = to
    if (c.remote && renames.has(c.remote.hub)) c.remote = {...c.remote, hub: renames.get(c.remote.hub)!}
  }
  for (const m of model.clusters) if (m.remote && renames.has(m.remote.hub)) m.remote = {...m.remote, hub: renames.get(m.remote.hub)!}
  for (const f of repo.findings) {
    if (f.cluster && renames.has(f.cluster)) f.cluster = renames.get(f.cluster)!
    if (f.peer && renames.has(f.peer)) f.peer = renames.get(f.peer)!
  }
}
