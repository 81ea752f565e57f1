// The Argo CD objects written in the repository's files: Applications, ApplicationSets and cluster Secrets (plain,
// or the template of an ExternalSecret / SealedSecret carrying the label argocd.argoproj.io/secret-type: cluster),
// and which URL is "this repository".
//
// This repository: the URL of `.git/config`'s remote "origin" when the working tree has one; else the repoURL most
// Applications and ApplicationSets of the tree use for git sources (a source with `path`, or a `ref` values source,
// or a git generator). URLs are compared without scheme, user, `.git` and trailing slashes, case-insensitively
// (git@github.com:o/r.git = https://github.com/o/r).
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {resourceFromDoc} from '../kustomize/resource.js'
import type {KObj} from '../kustomize/resid.js'
import {dirnameRel} from '../repo/paths.js'
import type {Repo} from '../repo/repo.js'
import type {RenderedObject, SourcePos} from '../types.js'
import {normaliseRepoUrl} from '../repo/url.js'

export const ARGO_GROUP = 'argoproj.io'
export const CLUSTER_SECRET_LABEL = 'argocd.argoproj.io/secret-type'

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})
const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined)
const group = (o: KObj) => (typeof o.apiVersion === 'string' && o.apiVersion.includes('/') ? o.apiVersion.slice(0, o.apiVersion.indexOf('/')) : '')

export const isApplication = (o: KObj) => group(o) === ARGO_GROUP && o.kind === 'Application'
export const isApplicationSet = (o: KObj) => group(o) === ARGO_GROUP && o.kind === 'ApplicationSet'

export interface TreeApp {
  obj: RenderedObject
  file: string
  /** `file:line` of the document: the key that tells a rendered Application from the same one written in the tree. */
  key: string
}

export interface ClusterSecret {
  name?: string
  server?: string
  labels: Record<string, string>
  annotations: Record<string, string>
  project?: string
  pos: SourcePos
  /** Where the name is written (for findings about the cluster's name). */
  namePos?: SourcePos
}

export const objKey = (o: RenderedObject) => `${o.source.file}:${o.source.line}`

export class ArgoTree {
  readonly apps: TreeApp[] = []
  readonly appSets: TreeApp[] = []
  readonly secrets: ClusterSecret[] = []
  /** Normalised URL of this repository, and how it was decided. */
  readonly self: {url?: string; rule: string}

  constructor(readonly repo: Repo) {
    for (const file of repo.yamlFiles()) {
      const text = repo.fs.readText(file)
      if (!text.ok || !/argoproj\.io/.test(text.text)) continue
      const loaded = repo.load(file)
      if (!loaded.ok) continue
      for (const doc of loaded.file.docs) {
        const o = rec(doc.value) as KObj
        if (!o.kind) continue
        const res = resourceFromDoc(doc, o)
        const obj: RenderedObject = {object: o as RenderedObject['object'], source: res.prov.source, locate: (p) => res.prov.locate(p)}
        if (isApplication(o)) this.apps.push({obj, file, key: objKey(obj)})
        else if (isApplicationSet(o)) this.appSets.push({obj, file, key: objKey(obj)})
        else {
          const s = clusterSecret(obj)
          if (s) this.secrets.push(s)
        }
      }
    }
    this.self = this.decideSelf()
  }

  isSelf(url: unknown): boolean {
    return typeof url === 'string' && !!this.self.url && normaliseRepoUrl(url) === this.self.url
  }

  private decideSelf(): {url?: string; rule: string} {
    const origin = gitOrigin(this.repo.fs.rootReal)
    if (origin) return {url: normaliseRepoUrl(origin), rule: `.git/config remote "origin" ${origin}`}
    const count = new Map<string, number>()
    const add = (u: unknown) => {
      const s = str(u)
      if (s) count.set(normaliseRepoUrl(s), (count.get(normaliseRepoUrl(s)) ?? 0) + 1)
    }
    const fromSpec = (spec: Record<string, unknown>) => {
      for (const s of [rec(spec.source), ...(Array.isArray(spec.sources) ? spec.sources.map(rec) : [])]) if (s.path !== undefined || s.ref !== undefined) add(s.repoURL)
    }
    for (const a of this.apps) fromSpec(rec(a.obj.object.spec))
    for (const a of this.appSets) {
      const spec = rec(a.obj.object.spec)
      fromSpec(rec(rec(spec.template).spec))
      const walk = (g: unknown): void => {
        for (const gen of Array.isArray(g) ? g : []) {
          const r = rec(gen)
          if (r.git) add(rec(r.git).repoURL)
          walk(rec(r.matrix).generators)
          walk(rec(r.merge).generators)
        }
      }
      walk(spec.generators)
    }
    const best = [...count.entries()].filter(([u]) => !u.includes('{{')).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]
    return best ? {url: best[0], rule: `the repoURL most Applications of the tree use (${best[0]}, ${best[1]} sources)`} : {rule: 'no git source in the tree'}
  }
}

/** The URL of remote "origin" in .git/config, when the working tree is a git checkout. */
function gitOrigin(root: string): string | undefined {
  let text: string
  try {
    text = readFileSync(join(root, '.git', 'config'), 'utf8')
  } catch {
    return undefined
  }
  let inOrigin = false
  for (const line of text.split('\n')) {
    const section = /^\s*\[(.+)\]\s*$/.exec(line)
    if (section) {
      inOrigin = /^remote\s+"origin"$/.test(section[1]!.trim())
      continue
    }
    const m = /^\s*url\s*=\s*(.+?)\s*$/.exec(line)
    if (inOrigin && m) return m[1]
  }
  return undefined
}

const decode = (v: unknown): string | undefined => {
  const s = str(v)
  if (!s) return undefined
  const t = Buffer.from(s, 'base64').toString('utf8')
  return /^[\x20-\x7e]+$/.test(t) ? t : undefined
}

/** An Argo CD cluster Secret: a Secret, or an ExternalSecret/SealedSecret whose template carries the label. */
function clusterSecret(obj: RenderedObject): ClusterSecret | undefined {
  const o = obj.object as Record<string, unknown>
  const md = rec(o.metadata)
  let labels: Record<string, unknown> = rec(md.labels)
  let annotations: Record<string, unknown> = rec(md.annotations)
  let fields: Record<string, string | undefined> = {}
  let base: (string | number)[] = []
  if (o.kind === 'Secret' && o.apiVersion === 'v1') {
    const sd = rec(o.stringData)
    const d = rec(o.data)
    for (const k of ['name', 'server', 'project']) fields[k] = str(sd[k]) ?? decode(d[k])
    base = str(sd.name) ? ['stringData'] : ['data']
  } else if (o.kind === 'ExternalSecret') {
    const tpl = rec(rec(rec(o.spec).target).template)
    labels = rec(rec(tpl.metadata).labels)
    annotations = rec(rec(tpl.metadata).annotations)
    const d = rec(tpl.data)
    // Literal template values only: `{{ .server }}` comes from the secret store.
    for (const k of ['name', 'server', 'project']) fields[k] = str(d[k])?.includes('{{') ? undefined : str(d[k])
    base = ['spec', 'target', 'template', 'data']
  } else if (o.kind === 'SealedSecret') {
    const tpl = rec(rec(o.spec).template)
    labels = rec(rec(tpl.metadata).labels)
    annotations = rec(rec(tpl.metadata).annotations)
    const d = rec(tpl.data)
    fields = {name: str(d.name), server: str(d.server), project: str(d.project)}
    base = ['spec', 'template', 'data']
  } else return undefined
  if (labels[CLUSTER_SECRET_LABEL] !== 'cluster') return undefined
  const asStrings = (r: Record<string, unknown>) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)]))
  return {
    ...(fields.name ? {name: fields.name, namePos: obj.locate([...base, 'name']) ?? obj.source} : {}),
    ...(fields.server ? {server: fields.server} : {}),
    ...(fields.project ? {project: fields.project} : {}),
    labels: asStrings(labels),
    annotations: asStrings(annotations),
    pos: obj.source,
  }
}

export const dirOf = (o: RenderedObject) => dirnameRel(o.source.file)
