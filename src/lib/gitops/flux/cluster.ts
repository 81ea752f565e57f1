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

interface State {
  ctx: ApplyContext
  entry: ClusterEntry
  sink: FindingSink
  objects: ClusterObjects
  records: Map<string, FluxKustomization>
  files: Set<string>
  dirs: Set<string>
  incomplete: string[]
  queue: Pending[]
  seen: Set<string>
}

export function renderCluster(ctx: ApplyContext, sink: FindingSink, entry: ClusterEntry): RenderedClusterWithFiles {
  const root = entry.root ?? syntheticRoot(entry)
  const rootSpec = readFluxSpec(root.object, (p) => root.locate(p) ?? root.source)
  const st: State = {
    ctx, entry, sink, objects: new ClusterObjects(), records: new Map(), files: new Set(), dirs: new Set(), incomplete: [],
    queue: [{spec: {...rootSpec, path: entry.entry}, object: root}], seen: new Set([key(rootSpec)]),
  }
  const thisRepo = (spec: FluxSpec) =>
    spec.sourceRef.kind === 'GitRepository' && spec.sourceRef.name === rootSpec.sourceRef.name && spec.sourceRef.namespace === rootSpec.sourceRef.namespace
  const find = (kind: string, ns: string, name: string) => st.objects.find(kind, ns, name)
  let deferredRounds = 0
  while (st.queue.length > 0) {
    const item = st.queue.shift()!
    // Wait for substituteFrom sources another queued Kustomization may still produce.
    if (missingSources(item.spec, find) && st.queue.length > 0 && deferredRounds < st.queue.length) {
      st.queue.push(item)
      deferredRounds++
      continue
    }
    deferredRounds = 0
    if (thisRepo(item.spec)) apply(st, item, find)
    else foreign(st, item)
  }
  return {cluster: summarise(st), files: st.files, dirs: st.dirs}
}

function apply(st: State, item: Pending, find: (k: string, ns: string, n: string) => RenderedObject | undefined): void {
  const applied = applyKustomization(st.ctx, item.spec, item.object, item.producedBy, find)
  st.records.set(key(item.spec), applied.record)
  st.incomplete.push(...applied.record.incomplete!)
  const problems: RawFinding[] = [...applied.problems]
  applied.files.forEach((f) => st.files.add(f))
  applied.dirs.forEach((d) => st.dirs.add(d))
  for (const obj of applied.objects) {
    st.objects.add(obj, problems)
    if (!isFluxKustomization(obj.object)) continue
    const spec = readFluxSpec(obj.object, (p) => obj.locate(p) ?? obj.source)
    if (st.seen.has(key(spec))) {
      // The root applies itself (gotk-sync.yaml): keep the rendered object as the record's object.
      if (!item.producedBy && key(spec) === key(item.spec)) applied.record.object = obj
      continue
    }
    st.seen.add(key(spec))
    st.queue.push({spec, object: obj, producedBy: key(item.spec)})
  }
  problems.forEach((p) => st.sink.add(p, st.entry.name))
}

function foreign(st: State, item: Pending): void {
  const r = item.spec.sourceRef
  const reason = `Flux Kustomization ${key(item.spec)} builds from ${r.kind} ${r.namespace}/${r.name}, not from this repository; its objects are not rendered`
  st.sink.add({id: 'CM005', message: reason, at: item.object.locate(['spec', 'sourceRef']) ?? item.object.source}, st.entry.name)
  st.records.set(key(item.spec), recordOnly(item, reason))
  st.incomplete.push(reason)
}

function summarise(st: State): RenderedCluster {
  const variables = new Map<string, Variable>()
  for (const rec of st.records.values()) for (const [k, v] of rec.variables) if (!variables.has(k)) variables.set(k, v)
  return {
    name: st.entry.name,
    entry: st.entry.entry,
    objects: st.objects.list,
    kustomizations: [...st.records.values()],
    variables,
    ...(st.incomplete.length ? {incomplete: [...new Set(st.incomplete)]} : {}),
  }
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
