// Finding the clusters of a repository: each Flux bootstrap leaves a GitRepository (flux-system) and the
// Kustomization that syncs the cluster's directory side by side (clusters/<name>/flux-system/gotk-sync.yaml).
import {Provenance} from '../provenance.js'
import {basenameRel, dirnameRel, isUnder} from '../repo/paths.js'
import type {Repo} from '../repo/repo.js'
import type {YamlDoc} from '../repo/yaml-file.js'
import type {KObj} from '../kustomize/resid.js'
import type {RenderedObject} from '../types.js'
import type {ClusterEntry} from './cluster.js'
import {fluxPath, isFluxKustomization, readFluxSpec} from './spec.js'

export const WHAT_WE_LOOK_FOR =
  'a directory holding a GitRepository (named flux-system, or synced by a Kustomization of that directory) next to the Flux Kustomization that syncs the cluster, as `flux bootstrap` writes it (clusters/<name>/flux-system/gotk-sync.yaml)'

const isGitRepository = (o: KObj) => typeof o.apiVersion === 'string' && o.apiVersion.startsWith('source.toolkit.fluxcd.io/') && o.kind === 'GitRepository'

export function objectFromDoc(doc: YamlDoc): RenderedObject {
  const prov = new Provenance(doc.start, {doc, prefix: []})
  return {object: structuredClone(doc.value) as RenderedObject['object'], source: doc.start, locate: (p) => prov.locate(p)}
}

/** The entry points found in the repository, one per synced directory, sorted by path. */
export function discoverEntries(repo: Repo): ClusterEntry[] {
  const docsByDir = new Map<string, YamlDoc[]>()
  for (const file of repo.yamlFiles()) {
    const text = repo.fs.readText(file)
    // Cheap filter first: only files that can hold Flux sync objects are parsed here.
    if (!text.ok || !text.text.includes('toolkit.fluxcd.io')) continue
    const loaded = repo.load(file)
    if (!loaded.ok) continue
    const dir = dirnameRel(file)
    docsByDir.set(dir, [...(docsByDir.get(dir) ?? []), ...loaded.file.docs])
  }
  const entries = new Map<string, ClusterEntry>()
  for (const [dir, docs] of docsByDir) {
    const objs = docs.filter((d) => d.value && typeof d.value === 'object').map((d) => ({doc: d, o: d.value as KObj}))
    const repos = objs.filter((x) => isGitRepository(x.o))
    for (const ks of objs.filter((x) => isFluxKustomization(x.o))) {
      const root = objectFromDoc(ks.doc)
      const spec = readFluxSpec(ks.o, (p) => root.locate(p) ?? root.source)
      const source = repos.find((r) => r.o.metadata?.name === spec.sourceRef.name && (r.o.metadata?.namespace || 'default') === spec.sourceRef.namespace)
      if (spec.sourceRef.kind !== 'GitRepository' || !source) continue
      const entry = fluxPath(spec.path)
      const selfSync = isUnder(dir, entry)
      if (spec.sourceRef.name !== 'flux-system' && !selfSync) continue
      if (!entries.has(entry)) entries.set(entry, {name: basenameRel(entry) || 'default', entry, root})
    }
  }
  const list = [...entries.values()].sort((a, b) => a.entry.localeCompare(b.entry))
  // Two entries with the same directory name (a/prod, b/prod) are told apart by their path.
  const names = new Map<string, number>()
  for (const e of list) names.set(e.name, (names.get(e.name) ?? 0) + 1)
  for (const e of list) if ((names.get(e.name) ?? 0) > 1) e.name = e.entry.replaceAll('/', '-')
  return list
}
