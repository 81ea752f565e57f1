// One cluster, rendered the way its Flux controllers would: start at the entry point's Kustomization, apply
// it, then every Flux Kustomization its objects contain (they belong to the same cluster), until none is left.
// A Kustomization whose substituteFrom source is not rendered yet waits until the sources settle.
// A Kustomization with spec.kubeConfig lives on this cluster but applies to another one (hub-and-spoke): its
// objects go to that remote cluster, which is returned beside this one.
import type {FindingSink, RawFinding} from '../findings.js'
import type {ClusterFound, FluxKustomization, RemoteTarget, RenderedCluster, RenderedObject, Variable} from '../types.js'
import {type ApplyContext, applyKustomization} from './apply.js'
import {ClusterObjects} from './cluster-state.js'
import {expandResourceSet, isResourceSet} from '../fluxoperator/resourceset.js'
import {type RenderedSources, type SourceVerdict, SourceClassifier} from './source-classifier.js'
import {isArtifactGenerator} from './tree-index.js'
import type {KObj} from '../kustomize/resid.js'
import {isFluxKustomization, isHelmRelease, type FluxSpec, readFluxSpec, readKubeConfig} from './spec.js'
import {remoteKey, nameRemote, type RemoteInfo} from './remote.js'
import type {SyncRef} from './sync-ref.js'

export interface ClusterEntry {
  name: string
  /** Entry directory, relative to the repository root. */
  entry: string
  /** The Flux Kustomization that syncs the entry directory, as found in the repository (unsubstituted). */
  root?: RenderedObject
  found: ClusterFound
  /** URL of the root source (GitRepository/OCIRepository or the FluxInstance's sync.url), when written. */
  rootUrl?: string
  /** The ref the cluster syncs (a GitRepository's spec.ref or a FluxInstance's sync.ref), for CM007. */
  ref?: SyncRef
}

interface Pending {
  spec: FluxSpec
  object: RenderedObject
  producedBy?: string
  /** Where the Kustomization object lives and runs: '' for this cluster, else a remote key. */
  target: string
}

export interface RenderedClusterWithFiles {
  /** This cluster first, then the remote clusters its kubeConfig Kustomizations and HelmReleases reach. */
  clusters: RenderedCluster[]
  /** The label each cluster's findings carry in the sink until render.ts names the clusters (same order). */
  labels: string[]
  files: Set<string>
  dirs: Set<string>
}

interface Target {
  objects: ClusterObjects
  records: Map<string, FluxKustomization>
  incomplete: string[]
  remote?: RemoteInfo
  /** HelmReleases elsewhere that install into this target. */
  releasesIn: {release: RenderedObject; from: string}[]
}

interface State {
  ctx: ApplyContext
  entry: ClusterEntry
  sink: FindingSink
  targets: Map<string, Target>
  files: Set<string>
  dirs: Set<string>
  queue: Pending[]
  seen: Set<string>
  sources: SourceClassifier
}

export function renderCluster(ctx: ApplyContext, sink: FindingSink, entry: ClusterEntry): RenderedClusterWithFiles {
  const root = entry.root ?? syntheticRoot(entry)
  const rootSpec = readFluxSpec(root.object, (p) => root.locate(p) ?? root.source)
  const st: State = {
    ctx, entry, sink, targets: new Map([['', newTarget()]]), files: new Set(), dirs: new Set(),
    queue: [{spec: {...rootSpec, path: entry.entry}, object: root, target: ''}], seen: new Set([seenKey('', rootSpec)]),
    sources: new SourceClassifier(ctx.index, rootSpec.sourceRef, entry.rootUrl),
  }
  let deferredRounds = 0
  while (st.queue.length > 0) {
    const item = st.queue.shift()!
    const find = finder(st, item.target)
    // Wait for substituteFrom sources another queued Kustomization may still produce.
    if (missingSources(item.spec, find) && st.queue.length > 0 && deferredRounds < st.queue.length) {
      st.queue.push(item)
      deferredRounds++
      continue
    }
    // A source that no build has produced yet may still come from a queued one (a ResourceSet's OCIRepository).
    let verdict = st.sources.classify(item.spec, renderedSource(st), false)
    if (verdict.kind === 'missing' && st.queue.length > 0 && deferredRounds < st.queue.length) {
      st.queue.push(item)
      deferredRounds++
      continue
    }
    if (verdict.kind === 'missing') verdict = st.sources.classify(item.spec, renderedSource(st), true)
    deferredRounds = 0
    if (verdict.warning) st.sink.add({id: 'CM005', message: verdict.warning, at: item.object.locate(['spec', 'sourceRef']) ?? item.object.source}, label(st, item.target))
    if (verdict.kind === 'this') apply(st, item, verdict)
    else if (verdict.kind === 'foreign') foreign(st, item, verdict.reason)
  }
  const clusters = summarise(st)
  return {clusters: clusters.map((c) => c.cluster), labels: clusters.map((c) => c.label), files: st.files, dirs: st.dirs}
}

/** Source objects any target of this entry has applied so far. */
function renderedSource(st: State): RenderedSources {
  return {
    find(kind, ns, name) {
      for (const t of st.targets.values()) {
        const hit = t.objects.find(kind, ns, name, 'source.toolkit.fluxcd.io')
        if (hit) return hit
      }
      return undefined
    },
    generators: () => [...st.targets.values()].flatMap((t) => t.objects.list.filter((o) => isArtifactGenerator(o.object as KObj))),
  }
}

const newTarget = (remote?: RemoteInfo): Target => ({objects: new ClusterObjects(), records: new Map(), incomplete: [], releasesIn: [], ...(remote ? {remote} : {})})

function targetOf(st: State, key: string, remote?: RemoteInfo): Target {
  let t = st.targets.get(key)
  if (!t) {
    t = newTarget(remote)
    st.targets.set(key, t)
  }
  return t
}

/** kustomize-controller reads substituteFrom objects from the cluster it runs in (never through kubeConfig). */
function finder(st: State, target: string): (kind: string, ns: string, name: string) => RenderedObject | undefined {
  const t = st.targets.get(target)!
  return (kind, ns, name) => t.objects.find(kind, ns, name)
}

function apply(st: State, item: Pending, verdict: SourceVerdict & {kind: 'this'}): void {
  const spec = verdict.path === undefined ? item.spec : {...item.spec, path: verdict.path}
  const home = st.targets.get(item.target)!
  const applied = applyKustomization(st.ctx, spec, item.object, item.producedBy, finder(st, item.target))
  home.records.set(recordKey(item.spec), applied.record)
  // Objects go where spec.kubeConfig points, else to the cluster the Kustomization runs in.
  const kc = item.spec.kubeConfig
  const applyTo = kc ? remoteKey(item.spec.namespace, kc) : item.target
  const dest = kc ? targetOf(st, applyTo, {namespace: item.spec.namespace, ref: kc, via: item.object, hub: item.target, kustomizations: []}) : home
  if (kc) dest.remote!.kustomizations.push(applied.record)
  dest.incomplete.push(...applied.record.incomplete!)
  const duplicates: RawFinding[] = []
  applied.files.forEach((f) => st.files.add(f))
  applied.dirs.forEach((d) => st.dirs.add(d))
  const objects = [...applied.objects]
  for (let i = 0; i < objects.length; i++) {
    const obj = objects[i]!
    dest.objects.add(obj, duplicates)
    // flux-operator expands a ResourceSet in the cluster it is applied to; what it generates is applied there too.
    if (isResourceSet(obj.object)) objects.push(...expand(st, obj, dest, applyTo))
    if (isHelmRelease(obj.object)) remoteRelease(st, obj, applyTo)
    if (!isFluxKustomization(obj.object)) continue
    const childSpec = readFluxSpec(obj.object, (p) => obj.locate(p) ?? obj.source)
    const key = seenKey(applyTo, childSpec)
    if (st.seen.has(key)) {
      // The root applies itself (gotk-sync.yaml): keep the rendered object as the record's object.
      if (!item.producedBy && recordKey(childSpec) === recordKey(item.spec)) applied.record.object = obj
      continue
    }
    st.seen.add(key)
    st.queue.push({spec: childSpec, object: obj, producedBy: recordKey(item.spec), target: applyTo})
  }
  applied.problems.forEach((p) => st.sink.add(p, label(st, item.target)))
  duplicates.forEach((p) => st.sink.add(p, label(st, applyTo)))
}

/** Findings are labelled by target until the clusters have their final names. */
const label = (st: State, target: string) => (target === '' ? st.entry.name : `${st.entry.name}\u0000${target}`)

function expand(st: State, rs: RenderedObject, dest: Target, target: string): RenderedObject[] {
  const providers = () => dest.objects.list.filter((o) => o.object.kind === 'ResourceSetInputProvider')
  const r = expandResourceSet(
    rs,
    (ns, name) => providers().find((o) => (o.object.metadata?.namespace || 'default') === ns && o.object.metadata?.name === name),
    (ns, selector) => providers().filter((o) => (o.object.metadata?.namespace || 'default') === ns && matchesLabels(o, selector.matchLabels ?? {})),
  )
  r.problems.forEach((p) => st.sink.add(p, label(st, target)))
  const at = rs.locate(['spec']) ?? rs.source
  for (const why of r.notEvaluated) {
    st.sink.add({id: 'CM005', message: `ResourceSet ${rs.object.metadata?.namespace ?? 'default'}/${rs.object.metadata?.name}: ${why}`, at}, label(st, target))
    dest.incomplete.push(why)
  }
  const by = `ResourceSet ${rs.object.metadata?.namespace ?? 'default'}/${rs.object.metadata?.name}`
  return r.objects.map((o) => ({...o, producedBy: by}))
}

const matchesLabels = (o: RenderedObject, want: Record<string, string>) =>
  Object.entries(want).every(([k, v]) => o.object.metadata?.labels?.[k] === v)

/** A HelmRelease with spec.kubeConfig stays where it is applied, but installs into the cluster it points at. */
function remoteRelease(st: State, hr: RenderedObject, from: string): void {
  const kc = readKubeConfig(rec(hr.object.spec))
  if (!kc) return
  const ns = hr.object.metadata?.namespace || 'default'
  const t = targetOf(st, remoteKey(ns, kc), {namespace: ns, ref: kc, via: hr, hub: from, kustomizations: []})
  t.releasesIn.push({release: hr, from})
}

function foreign(st: State, item: Pending, reason: string): void {
  st.sink.add({id: 'CM005', message: reason, at: item.object.locate(['spec', 'sourceRef']) ?? item.object.source}, label(st, item.target))
  const home = st.targets.get(item.target)!
  home.records.set(recordKey(item.spec), recordOnly(item, reason))
  home.incomplete.push(reason)
}

function summarise(st: State): {cluster: RenderedCluster; label: string}[] {
  const byKey = new Map<string, RenderedCluster>()
  const hub = build(st, st.targets.get('')!, st.entry.name, st.entry.found)
  byKey.set('', hub)
  const remotes = [...st.targets.entries()].filter(([k]) => k !== '').sort(([a], [b]) => a.localeCompare(b))
  for (const [key, t] of remotes) {
    const hubTarget = st.targets.get(t.remote!.hub)!
    const name = nameRemote(t.remote!, hubTarget.objects.list, [...hubTarget.records.values()])
    const at = t.remote!.via.locate(['spec', 'kubeConfig']) ?? t.remote!.via.source
    const c = build(st, t, name, {path: st.entry.entry, foundBy: 'kubeconfig-remote', at})
    c.remote = remoteOf(t.remote!, byKey.get(t.remote!.hub)?.name ?? st.entry.name)
    byKey.set(key, c)
  }
  // Releases are attached once every cluster exists (a release's hub may be rendered after the remote).
  for (const [key, t] of st.targets) {
    if (!t.releasesIn.length) continue
    byKey.get(key)!.remoteReleases = t.releasesIn.map((r) => ({release: r.release, hub: byKey.get(r.from)!}))
  }
  return [...byKey.entries()].map(([key, cluster]) => ({cluster, label: label(st, key)}))
}

function build(st: State, t: Target, name: string, found: ClusterFound): RenderedCluster {
  const variables = new Map<string, Variable>()
  // Kustomizations that apply to another cluster (spec.kubeConfig) substitute that cluster's settings, not these.
  for (const r of t.records.values()) if (!appliesElsewhere(r)) for (const [k, v] of r.variables) if (!variables.has(k)) variables.set(k, v)
  // A remote cluster's settings are the variables its hub's Kustomizations substitute into what they send it.
  for (const rec of t.remote?.kustomizations ?? []) for (const [k, v] of rec.variables) if (!variables.has(k)) variables.set(k, v)
  return {
    name,
    entry: st.entry.entry,
    found,
    objects: t.objects.list,
    kustomizations: [...t.records.values()],
    variables,
    ...(t.incomplete.length ? {incomplete: [...new Set(t.incomplete)]} : {}),
  }
}

const appliesElsewhere = (r: FluxKustomization) => !!readKubeConfig(rec(r.object.object.spec))

function remoteOf(info: RemoteInfo, hubName: string): RemoteTarget {
  return {
    hub: hubName,
    namespace: info.namespace,
    ...(info.ref.secretRef ? {secretRef: info.ref.secretRef} : {}),
    ...(info.ref.configMapRef ? {configMapRef: info.ref.configMapRef} : {}),
  }
}

const recordKey = (s: FluxSpec) => `${s.namespace}/${s.name}`
const seenKey = (target: string, s: FluxSpec) => `${target}|${s.namespace}/${s.name}`
const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})

function missingSources(spec: FluxSpec, find: (k: string, ns: string, n: string) => RenderedObject | undefined): boolean {
  return (spec.postBuild?.substituteFrom ?? []).some((s) => !s.optional && !find(s.kind, spec.namespace, s.name))
}

/** An entry without a Kustomization written in git: what `flux bootstrap` or the operator would create. */
function syntheticRoot(entry: ClusterEntry): RenderedObject {
  const at = entry.found.at ?? {file: entry.entry || '.', line: 1, column: 1}
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
