// Clusters of an Argo CD repository: every Application and ApplicationSet (argoproj.io/v1alpha1) written in the
// tree, app-of-apps followed (an Application whose source is this repository and a path in it is rendered —
// Kustomize when the directory has a kustomization, else the directory's manifests — and the Applications and
// ApplicationSets it yields are collected), ApplicationSets expanded offline (generators.ts).
//
// The cluster of an Application is (Argo CD instance, destination). A destination is resolved to a server through
// the cluster Secrets of the tree (destination.name = the Secret's name); the local cluster (`in-cluster`,
// https://kubernetes.default.svc) is a different cluster for every Argo CD instance.
//
// Argo CD instance: Applications live in the namespace of an Argo CD installation. A root object (one no other
// Application of the tree renders: it was applied by hand at bootstrap, `kubectl apply -f <dir>`) belongs to the
// instance (its namespace, default argocd; its bootstrap directory = the file's directory without the trailing
// generic parts argocd/argo-cd/bootstrap/apps/applications/applicationsets/appsets/app-of-apps/root). Roots in
// clusters/east/argocd and clusters/west/argocd are two instances; roots in argocd/apps and argocd/appsets one.
// An object rendered by an Application is applied where that Application deploys: into its parent's instance when
// the parent deploys to its own cluster, else into the Argo CD of the cluster the parent deploys to.
import {asLabel, nameFromDirectory} from '../flux/cluster-names.js'
import type {RawFinding} from '../findings.js'
import type {Kustomizer} from '../kustomize/build.js'
import {KUSTOMIZATION_FILE_NAMES} from '../kustomize/kustomization-file.js'
import {resourceFromDoc} from '../kustomize/resource.js'
import type {KObj} from '../kustomize/resid.js'
import {dirnameRel, normaliseRel} from '../repo/paths.js'
import type {Repo} from '../repo/repo.js'
import type {ClusterFound, RenderedCluster, RenderedObject, SourcePos} from '../types.js'
import {expandApplicationSet, globToRegExp} from './generators.js'
import {ArgoTree, isApplication, isApplicationSet, objKey} from './tree.js'
import {ciliumSource, ciliumValues} from './values.js'

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})
const LOCAL_SERVER = 'https://kubernetes.default.svc'
const INSTANCE_GENERIC = new Set(['argocd', 'argo-cd', 'argo', 'bootstrap', 'apps', 'applications', 'applicationsets', 'appsets', 'app-of-apps', 'root', 'projects'])

interface Instance {
  key: string
  namespace: string
  /** Name of its local cluster when nothing better is known. */
  name: string
  dir: string
}

type FoundBy = 'argocd-application' | 'argocd-applicationset'

interface Node {
  obj: RenderedObject
  instance: Instance
  foundBy: FoundBy
  /** Namespace an object without one lands in (the parent's destination namespace). */
  defaultNs: string
}

interface Target {
  key: string
  name: string
  /** Where the name comes from (a cluster Secret), for the report. */
  cluster: RenderedCluster
  label: string
}

export interface ArgoResult {
  clusters: RenderedCluster[]
  labels: string[]
  files: Set<string>
  dirs: Set<string>
  /** How "this repository" was decided. */
  selfRule: string
}

export interface ArgoContext {
  repo: Repo
  kustomizer: Kustomizer
}

function instanceDir(dir: string): string {
  const parts = dir.split('/').filter(Boolean)
  while (parts.length && INSTANCE_GENERIC.has(parts.at(-1)!.toLowerCase())) parts.pop()
  return parts.join('/')
}

function rootInstance(obj: RenderedObject): Instance {
  const namespace = obj.object.metadata?.namespace || 'argocd'
  const dir = instanceDir(dirnameRel(obj.source.file))
  return {key: `${namespace}@${dir}`, namespace, dir, name: dir ? nameFromDirectory(dir, 'in-cluster') : 'in-cluster'}
}

export function discoverArgoClusters(ctx: ArgoContext): ArgoResult {
  const {repo} = ctx
  const tree = new ArgoTree(repo)
  const result: ArgoResult = {clusters: [], labels: [], files: new Set(), dirs: new Set(), selfRule: tree.self.rule}
  if (!tree.apps.length && !tree.appSets.length) return result
  const report = (f: RawFinding, cluster?: string) => repo.sink.add(f, cluster)
  const renders = new Map<string, {objects: RenderedObject[]; problems: RawFinding[]}>()

  /** The manifests an Application's source of this repository yields (undefined: not a path of this repository). */
  const renderSource = (app: RenderedObject): {objects: RenderedObject[]; problems: RawFinding[]} | undefined => {
    const spec = rec(app.object.spec)
    const sources = Array.isArray(spec.sources) ? spec.sources.map((s, i) => ({s: rec(s), p: ['spec', 'sources', i]})) : [{s: rec(spec.source), p: ['spec', 'source']}]
    const name = `Application ${app.object.metadata?.namespace ?? 'argocd'}/${app.object.metadata?.name ?? ''}`
    const out = {objects: [] as RenderedObject[], problems: [] as RawFinding[]}
    let any = false
    for (const {s, p} of sources) {
      if (s.chart !== undefined || s.path === undefined) continue
      const at = app.locate([...p, 'path']) ?? app.source
      if (!tree.isSelf(s.repoURL)) {
        out.problems.push({id: 'CM005', message: `${name} syncs ${String(s.repoURL)} path ${String(s.path)}: not this repository (${tree.self.rule}), not rendered`, at})
        continue
      }
      any = true
      const dir = normaliseRel(String(s.path))
      const r = dir === undefined ? undefined : repo.fs.resolve(dir)
      if (dir === undefined || !r?.ok || r.kind !== 'dir') {
        out.problems.push({id: 'CM002', message: `${name}: source path ${JSON.stringify(s.path)} ${dir === undefined ? 'climbs out of the repository' : r?.ok ? 'is a file, not a directory' : 'does not exist'} (Argo CD fails to generate manifests)`, at})
        continue
      }
      const key = JSON.stringify([dir, s.directory ?? null])
      let built = renders.get(key)
      if (!built) {
        built = buildDir(ctx, dir, rec(s.directory), s, result)
        renders.set(key, built)
      }
      out.objects.push(...built.objects)
      out.problems.push(...built.problems)
    }
    return any || out.problems.length ? out : undefined
  }

  // Pass 1: which objects of the tree does some Application render (those are not roots)?
  const childKeys = new Set<string>()
  const generated = (set: RenderedObject) => expandApplicationSet(tree, set).apps
  for (const parent of [...tree.apps.map((a) => a.obj), ...tree.appSets.flatMap((s) => generated(s.obj))]) {
    for (const o of renderSource(parent)?.objects ?? []) {
      if ((isApplication(o.object as KObj) || isApplicationSet(o.object as KObj)) && objKey(o) !== objKey(parent)) childKeys.add(objKey(o))
    }
  }

  // Pass 2: from the roots, follow every Application.
  const queue: Node[] = []
  for (const x of [...tree.apps, ...tree.appSets]) {
    if (childKeys.has(x.key)) continue
    queue.push({obj: x.obj, instance: rootInstance(x.obj), foundBy: 'argocd-application', defaultNs: 'argocd'})
  }
  const targets = new Map<string, Target>()
  const seenApps = new Map<string, RenderedObject>()
  const seenObjects = new Set<string>()
  const foundOf = new Map<RenderedCluster, {pos: SourcePos; foundBy: FoundBy; cilium: boolean}>()
  const instances = new Map<string, Instance>()

  const targetOf = (dest: Record<string, unknown>, instance: Instance): Target => {
    let server = typeof dest.server === 'string' && dest.server ? dest.server.replace(/\/+$/, '') : undefined
    const destName = typeof dest.name === 'string' && dest.name ? dest.name : undefined
    let secret = server ? tree.secrets.find((s) => s.server?.replace(/\/+$/, '') === server) : destName ? tree.secrets.find((s) => s.name === destName) : undefined
    if (!server && destName === 'in-cluster' && !secret) server = LOCAL_SERVER
    if (!server && secret?.server) server = secret.server.replace(/\/+$/, '')
    const local = server === LOCAL_SERVER
    if (local && !secret) secret = tree.secrets.find((s) => s.server?.replace(/\/+$/, '') === LOCAL_SERVER)
    const key = local ? `in:${instance.key}` : server ? `server:${server}` : `name:${destName ?? ''}`
    let t = targets.get(key)
    if (!t) {
      const host = server && !local ? /^[a-z]+:\/\/([^:/]+)/i.exec(server)?.[1] : undefined
      const raw = secret?.name && secret.name !== 'in-cluster' ? secret.name : local ? instance.name : (destName ?? host ?? 'unknown')
      const name = asLabel(raw) ?? raw
      const cluster: RenderedCluster = {name, entry: '', objects: [], kustomizations: [], variables: new Map()}
      t = {key, name, cluster, label: `${name}#argocd${targets.size}`}
      cluster.name = t.label
      targets.set(key, t)
    }
    return t
  }

  while (queue.length) {
    const node = queue.shift()!
    const o = node.obj.object as KObj
    if (isApplicationSet(o)) {
      const exp = expandApplicationSet(tree, node.obj)
      for (const s of exp.skipped) report({id: 'CM005', message: s.message, at: s.at})
      for (const app of exp.apps) queue.push({obj: app, instance: node.instance, foundBy: 'argocd-applicationset', defaultNs: node.instance.namespace})
      continue
    }
    const ns = node.obj.object.metadata?.namespace || node.defaultNs
    const id = `${node.instance.key}|${ns}/${node.obj.object.metadata?.name ?? ''}`
    const prev = seenApps.get(id)
    if (prev) {
      // The same document reached twice (two parents render one directory) is one object; two documents are a clash.
      if (objKey(prev) !== objKey(node.obj) || node.foundBy === 'argocd-applicationset')
        report({
          id: 'CM003',
          message: `Application ${ns}/${node.obj.object.metadata?.name ?? ''} is defined twice in the Argo CD instance ${node.instance.namespace}${node.instance.dir ? ` (${node.instance.dir})` : ''}: also at ${prev.source.file}:${prev.source.line}; Argo CD keeps one and the other never syncs`,
          at: node.obj.locate(['metadata', 'name']) ?? node.obj.source,
        })
      continue
    }
    seenApps.set(id, node.obj)
    instances.set(node.instance.key, node.instance)
    const spec = rec(node.obj.object.spec)
    const dest = rec(spec.destination)
    const target = targetOf(dest, node.instance)
    const c = target.cluster
    const cilium = !!ciliumSource(node.obj)
    const f = foundOf.get(c)
    const pos = node.obj.source
    if (!f || (cilium && !f.cilium)) foundOf.set(c, {pos, foundBy: node.foundBy, cilium})
    if (cilium && !c.argocdCilium) {
      const v = ciliumValues(repo, tree, node.obj, (x) => report(x, target.label))
      if (v) c.argocdCilium = {app: node.obj, ...v}
    }
    const rendered = renderSource(node.obj)
    if (!rendered) continue
    for (const p of rendered.problems) report(p, target.label)
    // Where children Applications land: this instance when deploying to its own cluster, else the target's Argo CD.
    const childInstance: Instance = target.key === `in:${node.instance.key}` ? node.instance : {key: `${node.instance.key}>${target.key}`, namespace: node.instance.namespace, dir: node.instance.dir, name: target.name}
    const destNs = typeof dest.namespace === 'string' && dest.namespace ? dest.namespace : node.instance.namespace
    for (const obj of rendered.objects) {
      const k = `${target.key}|${objKey(obj)}`
      if (!seenObjects.has(k)) {
        seenObjects.add(k)
        c.objects.push(obj)
      }
      const ko = obj.object as KObj
      if (isApplication(ko) || isApplicationSet(ko)) queue.push({obj, instance: childInstance, foundBy: 'argocd-application', defaultNs: destNs})
    }
  }

  for (const t of targets.values()) {
    const f = foundOf.get(t.cluster)!
    const path = dirnameRel(f.pos.file)
    const found: ClusterFound = {path, foundBy: f.foundBy, at: f.pos}
    t.cluster.entry = path
    t.cluster.found = found
    t.cluster.name = t.name
    result.clusters.push(t.cluster)
    result.labels.push(t.label)
  }
  return result
}

/** Kustomize build of `dir`, or the manifests of a directory Application (recurse/include/exclude). */
function buildDir(ctx: ArgoContext, dir: string, directory: Record<string, unknown>, source: Record<string, unknown>, result: ArgoResult): {objects: RenderedObject[]; problems: RawFinding[]} {
  const {repo} = ctx
  const entries = repo.fs.list(dir)
  const problems: RawFinding[] = []
  const objects: RenderedObject[] = []
  if (entries.some((e) => e.kind === 'file' && (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(e.name))) {
    const built = ctx.kustomizer.build(dir)
    problems.push(...built.env.problems)
    built.env.files.forEach((f) => result.files.add(f))
    built.env.dirs.forEach((d) => result.dirs.add(d))
    result.dirs.add(dir)
    for (const r of built.resources) {
      objects.push({
        object: r.obj as RenderedObject['object'], source: r.prov.source, locate: (p) => r.prov.locate(p),
        ...(r.incomplete ? {incomplete: r.incomplete} : {}),
      })
    }
    return {objects, problems}
  }
  if (entries.some((e) => e.kind === 'file' && e.name === 'Chart.yaml')) {
    problems.push({id: 'CM005', message: `${dir} is a Helm chart: Applications rendering a chart of this repository are not rendered (helm template)`, at: {file: `${dir}/Chart.yaml`, line: 1, column: 1}})
    return {objects, problems}
  }
  void source
  const recurse = directory.recurse === true
  const globs = (v: unknown) => (typeof v === 'string' && v ? v.replace(/^\{|\}$/g, '').split(',').map((g) => globToRegExp(g.trim())) : [])
  const include = globs(directory.include)
  const exclude = globs(directory.exclude)
  const walk = (d: string): void => {
    for (const e of repo.fs.list(d)) {
      const rel = d ? `${d}/${e.name}` : e.name
      const within = rel.slice(dir.length + (dir ? 1 : 0))
      if (e.kind === 'dir') {
        if (recurse && !e.name.startsWith('.')) walk(rel)
        continue
      }
      if (!/\.(ya?ml|json)$/.test(e.name)) continue
      if (include.length && !include.some((r) => r.test(within) || r.test(e.name))) continue
      if (exclude.some((r) => r.test(within) || r.test(e.name))) continue
      const loaded = repo.load(rel)
      if (!loaded.ok) continue
      result.files.add(rel)
      for (const doc of loaded.file.docs) {
        const o = rec(doc.value) as KObj
        if (!o.kind || !o.apiVersion) continue
        const res = resourceFromDoc(doc, o)
        objects.push({object: o as RenderedObject['object'], source: res.prov.source, locate: (p) => res.prov.locate(p)})
      }
    }
  }
  walk(dir)
  result.dirs.add(dir)
  return {objects, problems}
}
