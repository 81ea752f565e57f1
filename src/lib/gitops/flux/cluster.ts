// One cluster, rendered the way its Flux controllers would: start at the entry point's Kustomization, apply
// it, then every Flux Kustomization its objects contain (they belong to the same cluster), until none is left.
// A Kustomization whose substituteFrom source is not rendered yet waits until the sources settle.
import type {FindingSink, RawFinding} from '../findings.js'
import type {FluxKustomization, RenderedCluster, RenderedObject, Variable} from '../types.js'
import {type ApplyContext, applyKustomization} from './apply.js'
import {ClusterObjects} from './cluster-state.js'
import {type FluxSpec, isFluxKustomization, readFluxSpec} from './spec.js'

export interface ClusterEntry {
  name: string
  /** Entry directory, relative to the repository root. */
  entry: string
  /** The Flux Kustomization that syncs the entry directory, as found in the repository (unsubstituted). */
  root?: RenderedObject
}

interface Pending {
  spec: FluxSpec
  object: RenderedObject
  producedBy?: string
}

export interface RenderedClusterWithFiles {
  cluster: RenderedCluster
  files: Set<string>
  dirs: Set<string>
}

export function renderCluster(ctx: ApplyContext, sink: FindingSink, entry: ClusterEntry): RenderedClusterWithFiles {
  const objects = new ClusterObjects()
  const records = new Map<string, FluxKustomization>()
  const files = new Set<string>()
  const dirs = new Set<string>()
  const incomplete: string[] = []
  const report = (problems: RawFinding[]) => problems.forEach((p) => sink.add(p, entry.name))

  const root = entry.root ?? syntheticRoot(entry)
  const rootSpec = readFluxSpec(root.object, (p) => root.locate(p) ?? root.source)
  const thisRepo = (spec: FluxSpec) => spec.sourceRef.kind === 'GitRepository' && spec.sourceRef.name === rootSpec.sourceRef.name && spec.sourceRef.namespace === rootSpec.sourceRef.namespace
  const queue: Pending[] = [{spec: {...rootSpec, path: entry.entry}, object: root}]
  const seen = new Set([key(rootSpec)])
  const find = (kind: string, ns: string, name: string) => objects.find(kind, ns, name)

  let deferredRounds = 0
  while (queue.length > 0) {
    const item = queue.shift()!
    // Wait for substituteFrom sources another queued Kustomization may still produce.
    if (missingSources(item.spec, find) && queue.length > 0 && deferredRounds < queue.length) {
      queue.push(item)
      deferredRounds++
      continue
    }
    deferredRounds = 0
    if (!thisRepo(item.spec)) {
      const r = item.spec.sourceRef
      const reason = `Flux Kustomization ${key(item.spec)} builds from ${r.kind} ${r.namespace}/${r.name}, not from this repository; its objects are not rendered`
      sink.add({id: 'CM005', message: reason, at: item.object.locate(['spec', 'sourceRef']) ?? item.object.source}, entry.name)
      records.set(key(item.spec), recordOnly(item, reason))
      incomplete.push(reason)
      continue
    }
    const applied = applyKustomization(ctx, item.spec, item.object, item.producedBy, find)
    records.set(key(item.spec), applied.record)
    incomplete.push(...applied.record.incomplete!)
    report(applied.problems)
    applied.files.forEach((f) => files.add(f))
    applied.dirs.forEach((d) => dirs.add(d))
    const problems: RawFinding[] = []
    for (const obj of applied.objects) {
      objects.add(obj, problems)
      if (!isFluxKustomization(obj.object)) continue
      const spec = readFluxSpec(obj.object, (p) => obj.locate(p) ?? obj.source)
      if (seen.has(key(spec))) {
        // The root applies itself (gotk-sync.yaml): keep the rendered object as the record's object.
        const rec = records.get(key(spec))
        if (rec && !rec.producedBy && !item.producedBy && rec === applied.record) rec.object = obj
        continue
      }
      seen.add(key(spec))
      queue.push({spec, object: obj, producedBy: key(item.spec)})
    }
    report(problems)
  }

  const variables = new Map<string, Variable>()
  for (const rec of records.values()) for (const [k, v] of rec.variables) if (!variables.has(k)) variables.set(k, v)
  const cluster: RenderedCluster = {
    name: entry.name,
    entry: entry.entry,
    objects: objects.list,
    kustomizations: [...records.values()],
    variables,
    ...(incomplete.length ? {incomplete: [...new Set(incomplete)]} : {}),
  }
  return {cluster, files, dirs}
}

const key = (s: FluxSpec) => `${s.namespace}/${s.name}`

function missingSources(spec: FluxSpec, find: (k: string, ns: string, n: string) => RenderedObject | undefined): boolean {
  return (spec.postBuild?.substituteFrom ?? []).some((s) => !s.optional && !find(s.kind, spec.namespace, s.name))
}

/** A cluster declared in .kubectl-mesh.yaml without a Kustomization syncing it: Flux's bootstrap default. */
function syntheticRoot(entry: ClusterEntry): RenderedObject {
  const at = {file: entry.entry || '.', line: 1, column: 1}
  return {
    object: {
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
      kind: 'Kustomization',
      metadata: {name: 'flux-system', namespace: 'flux-system'},
      spec: {path: `./${entry.entry}`, sourceRef: {kind: 'GitRepository', name: 'flux-system'}},
    },
    source: at,
    locate: () => at,
  }
}

function recordOnly(item: Pending, reason: string): FluxKustomization {
  return {
    namespace: item.spec.namespace, name: item.spec.name, path: item.spec.path, variables: new Map(), object: item.object,
    ...(item.producedBy ? {producedBy: item.producedBy} : {}), dependsOn: item.spec.dependsOn, healthChecks: item.spec.healthChecks,
    substituteFrom: [], substituted: false, references: [], substitutionErrors: [], incomplete: [reason],
  }
}
