// flux-operator entries: a FluxInstance (spec.sync) makes a source and a Kustomization named after its namespace;
// the same sync block in the flux-instance chart's values is read by entry-instance-chart.ts. A sync path with
// ${VAR} becomes one entry per directory it resolves to (sync-path.ts).
import {basenameRel} from '../repo/paths.js'
import type {Repo} from '../repo/repo.js'
import type {ClusterFound, RenderedObject} from '../types.js'
import type {ClusterEntry} from './cluster.js'
import {nameFromDirectory} from './cluster-names.js'
import {resolveSyncPath} from './sync-path.js'
import {parseInstanceRef} from './sync-ref.js'
import {isFluxInstance, objectFromDoc, type TreeIndex} from './tree-index.js'

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})

const fallbackName = (repo: Repo) => nameFromDirectory(basenameRel(repo.fs.rootReal), 'default')

/** A FluxInstance: the operator makes a source and a Kustomization named after the instance's namespace. */
export function fluxInstanceEntries(repo: Repo, index: TreeIndex): ClusterEntry[] {
  const out: ClusterEntry[] = []
  for (const x of index.objects.filter((y) => isFluxInstance(y.o))) {
    const obj = objectFromDoc(x.doc)
    const sync = rec(rec(x.o.spec).sync)
    if (typeof sync.path !== 'string') continue
    const namespace = x.o.metadata?.namespace || 'flux-system'
    const at = obj.locate(['spec', 'sync', 'path']) ?? obj.source
    out.push(...syncEntries(repo, index, {sync, namespace, at, foundBy: 'flux-instance', locate: (p) => obj.locate(['spec', 'sync', ...p])}))
  }
  return out
}

export interface SyncInput {
  /** spec.sync of a FluxInstance, or values instance.sync of the chart. */
  sync: Record<string, unknown>
  /** The FluxInstance's namespace: the operator names the source and the Kustomization after it. */
  namespace: string
  at: ClusterFound['at']
  foundBy: ClusterFound['foundBy']
  /** Positions of fields under sync. */
  locate: (path: (string | number)[]) => ClusterFound['at'] | undefined
}

/** One entry per directory the sync path resolves to, each with the Kustomization the operator would create. */
export function syncEntries(repo: Repo, index: TreeIndex, input: SyncInput): ClusterEntry[] {
  const {sync, namespace} = input
  const kind = typeof sync.kind === 'string' && sync.kind ? sync.kind : 'GitRepository'
  const sourceName = typeof sync.name === 'string' && sync.name ? sync.name : namespace
  const url = typeof sync.url === 'string' ? sync.url : undefined
  const refAt = input.locate(['ref']) ?? input.at
  const ref = typeof sync.ref === 'string' && sync.ref && kind === 'GitRepository' && refAt ? parseInstanceRef(sync.ref, refAt) : undefined
  return resolveSyncPath(String(sync.path), repo, index).map((r) => {
    const at = input.at ?? {file: r.path, line: 1, column: 1}
    const root: RenderedObject = {
      object: {
        apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
        kind: 'Kustomization',
        metadata: {name: sourceName, namespace},
        spec: {path: `./${r.path}`, sourceRef: {kind, name: sourceName}},
      },
      source: at,
      locate: (p) => (p[0] === 'spec' && p[1] === 'path' ? input.locate(['path']) : p[0] === 'spec' && p[1] === 'sourceRef' ? input.locate(['kind']) : undefined) ?? at,
    }
    const values = Object.values(r.values)
    const name = values.length === 1 ? (nameFromDirectory(values[0]!, '') || nameFromDirectory(r.path, fallbackName(repo))) : nameFromDirectory(r.path, fallbackName(repo))
    return {
      name, entry: r.path, root,
      found: {path: r.path, foundBy: input.foundBy, ...(input.at ? {at: input.at} : {})},
      ...(url ? {rootUrl: url} : {}),
      ...(ref ? {ref} : {}),
    }
  })
}
