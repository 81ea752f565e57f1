// Finding the clusters of a repository, however Flux was installed there. Each way leaves a different trace:
//   flux bootstrap   clusters/<name>/flux-system/gotk-sync.yaml (a GitRepository and the Kustomization syncing the
//                    cluster), or only a placeholder gotk-sync.yaml / gotk-components.yaml (the official examples);
//   flux-operator    a FluxInstance (spec.sync) or the flux-instance chart's HelmRelease (values instance.sync),
//                    whose path may hold ${CLUSTER_NAME} for a HelmRelease that several clusters share;
//   by hand          a directory of Flux Kustomizations that nothing else applies, built from a source that is not
//                    in git (`flux create kustomization`, as fluxcd/flux2-hub-spoke-example's hub does).
import {basenameRel, dirnameRel, isUnder} from '../repo/paths.js'
import type {Repo} from '../repo/repo.js'
import type {ClusterEntry} from './cluster.js'
import {nameFromDirectory, uniqueNames} from './cluster-names.js'
import {fluxInstanceEntries} from './entry-instance.js'
import {instanceChartEntries} from './entry-instance-chart.js'
import {fluxPath, isFluxKustomization, readFluxSpec} from './spec.js'
import {parseGitRepositoryRef} from './sync-ref.js'
import {isSourceObject, objectFromDoc, sourceUrl, type TreeIndex, type TreeObject} from './tree-index.js'

export const WHAT_WE_LOOK_FOR = [
  'a `flux bootstrap` entry (clusters/<name>/flux-system/gotk-sync.yaml with its GitRepository and Kustomization, or a placeholder gotk-sync.yaml/gotk-components.yaml there)',
  'a flux-operator FluxInstance (fluxcd.controlplane.io, spec.sync.path)',
  'a HelmRelease of the flux-instance chart (values instance.sync.path, inline or through valuesFrom)',
  'a directory of Flux Kustomizations that nothing else applies, built from a source that is not in git',
  'Argo CD Applications and ApplicationSets (argoproj.io) that install the cilium chart',
].join('; ')

/** The entry points found in the repository, one per synced directory, sorted by path; names made unique. */
export function discoverEntries(repo: Repo, index: TreeIndex): ClusterEntry[] {
  const entries = new Map<string, ClusterEntry>()
  const add = (e: ClusterEntry) => {
    if (!entries.has(e.entry)) entries.set(e.entry, e)
  }
  bootstrapEntries(index).forEach(add)
  placeholderEntries(index).forEach(add)
  fluxInstanceEntries(repo, index).forEach(add)
  instanceChartEntries(repo, index).forEach(add)
  if (entries.size === 0) orphanEntries(index).forEach(add)
  const list = [...entries.values()].sort((a, b) => a.entry.localeCompare(b.entry))
  uniqueNames(list)
  return list
}


/** `flux bootstrap`: a GitRepository next to the Kustomization that syncs the cluster's directory. */
function bootstrapEntries(index: TreeIndex): ClusterEntry[] {
  const out: ClusterEntry[] = []
  const byDir = new Map<string, TreeObject[]>()
  for (const x of index.objects) byDir.set(x.dir, [...(byDir.get(x.dir) ?? []), x])
  for (const [dir, objs] of byDir) {
    const repos = objs.filter((x) => isSourceObject(x.o) && x.o.kind === 'GitRepository')
    for (const ks of objs.filter((x) => isFluxKustomization(x.o))) {
      const root = objectFromDoc(ks.doc)
      const spec = readFluxSpec(ks.o, (p) => root.locate(p) ?? root.source)
      const source = repos.find((r) => r.o.metadata?.name === spec.sourceRef.name && (r.o.metadata?.namespace || 'default') === spec.sourceRef.namespace)
      if (spec.sourceRef.kind !== 'GitRepository' || !source) continue
      const entry = fluxPath(spec.path)
      if (spec.sourceRef.name !== 'flux-system' && !isUnder(dir, entry)) continue
      const url = sourceUrl(source.o)
      const srcObj = objectFromDoc(source.doc)
      const ref = parseGitRepositoryRef(rec(rec(source.o.spec).ref), (f) => srcObj.locate(['spec', 'ref', f]) ?? srcObj.source)
      out.push({
        name: nameFromDirectory(entry, 'default'), entry, root,
        found: {path: entry, foundBy: 'flux-bootstrap', at: ks.doc.start},
        ...(url ? {rootUrl: url} : {}),
        ...(ref ? {ref} : {}),
      })
    }
  }
  return out
}

/** The official examples keep only a placeholder clusters/<name>/flux-system/gotk-sync.yaml: the parent is the entry. */
function placeholderEntries(index: TreeIndex): ClusterEntry[] {
  const out: ClusterEntry[] = []
  for (const file of index.repo.yamlFiles()) {
    const name = basenameRel(file)
    if (name !== 'gotk-sync.yaml' && name !== 'gotk-components.yaml') continue
    const fluxDir = dirnameRel(file)
    if (basenameRel(fluxDir) !== 'flux-system') continue
    const entry = dirnameRel(fluxDir)
    out.push({name: nameFromDirectory(entry, 'default'), entry, found: {path: entry, foundBy: 'flux-bootstrap', at: {file, line: 1, column: 1}}})
  }
  return out
}

/**
 * Flux Kustomizations that no other entry reaches and whose source is not written in git (it was made by
 * `flux bootstrap`, `flux create` or the operator): their directory is a cluster. Only when nothing else was found,
 * since in a repository with entries such Kustomizations are more likely forgotten than a cluster of their own.
 */
function orphanEntries(index: TreeIndex): ClusterEntry[] {
  const candidates = new Map<string, TreeObject>()
  const targets = new Set<string>()
  for (const x of index.objects.filter((y) => isFluxKustomization(y.o))) {
    const spec = readFluxSpec(x.o, () => x.doc.start)
    targets.add(fluxPath(spec.path))
    if (!['GitRepository', 'OCIRepository', 'Bucket'].includes(spec.sourceRef.kind)) continue
    if (index.sources(spec.sourceRef.kind, spec.sourceRef.namespace, spec.sourceRef.name).length > 0) continue
    if (!candidates.has(x.dir)) candidates.set(x.dir, x)
  }
  const out: ClusterEntry[] = []
  for (const [dir, x] of candidates) {
    // A directory another Kustomization syncs (or one below it) is part of that cluster, not a cluster.
    if ([...targets].some((t) => t !== '' && isUnder(dir, t))) continue
    if ([...candidates.keys()].some((d) => d !== dir && isUnder(dir, d))) continue
    out.push({name: nameFromDirectory(dir, 'default'), entry: dir, found: {path: dir, foundBy: 'flux-kustomizations', at: x.doc.start}})
  }
  return out
}

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})

