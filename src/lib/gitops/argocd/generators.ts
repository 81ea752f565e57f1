// ApplicationSet generators evaluated offline (Argo CD applicationset/generators): list (elements, with
// per-element and generator `values`), git directories/files of this repository, clusters (the Argo CD cluster
// Secrets written in the tree; the local in-cluster too when no selector is given), matrix (two generators, the
// second rendered with each parameter set of the first) and merge (mergeKeys: later generators override the base
// generator's matching sets). scmProvider, pullRequest, plugin, clusterDecisionResource and a git generator of
// another repository need a network or a live cluster: they are reported with what was skipped.
import {Provenance} from '../provenance.js'
import {dirnameRel, basenameRel} from '../repo/paths.js'
import type {JsonPath, RenderedObject, SourcePos} from '../types.js'
import {mergeMaps} from '../flux/helm-values.js'
import {parseYamlFile} from '../repo/yaml-file.js'
import {type ArgoTree, type ClusterSecret} from './tree.js'
import {flatten, normalizeName, type ParamSet, type Params, renderDeep, TemplateProblem, goRender} from './template.js'

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})

export interface Expansion {
  apps: RenderedObject[]
  /** What could not be evaluated (CM005), with where. */
  skipped: {message: string; at: SourcePos}[]
}

interface Ctx {
  tree: ArgoTree
  go: boolean
  at: (p: JsonPath) => SourcePos
  skipped: Expansion['skipped']
}

const IN_CLUSTER: ClusterSecret = {name: 'in-cluster', server: 'https://kubernetes.default.svc', labels: {}, annotations: {}, pos: {file: '', line: 0, column: 0}}

/** Every Application an ApplicationSet generates, in generator order. */
export function expandApplicationSet(tree: ArgoTree, set: RenderedObject): Expansion {
  const spec = rec(set.object.spec)
  const go = spec.goTemplate === true
  const options = Array.isArray(spec.goTemplateOptions) ? spec.goTemplateOptions.map(String) : []
  const at = (p: JsonPath) => set.locate(p) ?? set.source
  const ctx: Ctx = {tree, go, at, skipped: []}
  const out: Expansion = {apps: [], skipped: ctx.skipped}
  const gens = Array.isArray(spec.generators) ? spec.generators : []
  const name = `ApplicationSet ${set.object.metadata?.namespace ?? 'argocd'}/${set.object.metadata?.name ?? ''}`
  gens.forEach((g, i) => {
    const sets = generate(ctx, rec(g), ['spec', 'generators', i], {params: {}, pos: new Map()})
    const template = rec(rec(g).template)
    for (const ps of sets ?? []) {
      try {
        out.apps.push(renderApp(set, ps, {goTemplate: go, missingKeyError: options.includes('missingkey=error')}, mergeMaps(rec(spec.template), template), spec.templatePatch))
      } catch (error) {
        if (!(error instanceof TemplateProblem)) throw error
        ctx.skipped.push({message: `${name}: ${error.message}; that Application is not rendered`, at: at(['spec', 'template'])})
      }
    }
  })
  return out
}

function renderApp(set: RenderedObject, ps: ParamSet, opts: {goTemplate: boolean; missingKeyError: boolean}, template: Record<string, unknown>, patch: unknown): RenderedObject {
  const base = (p: JsonPath) => set.locate(['spec', 'template', ...p])
  const overrides = new Map<string, SourcePos>()
  const key = (p: JsonPath) => JSON.stringify(p)
  let app = rec(renderDeep(template, ps, opts, [], (p, pos) => overrides.set(key(p), pos)))
  const patched = new Set<string>()
  if (typeof patch === 'string' && patch.trim()) {
    const text = opts.goTemplate ? goRender(patch, ps.params, opts.missingKeyError) : patch
    const doc = parseYamlFile(set.source.file, text).docs[0]
    const value = rec(doc?.value)
    app = mergeMaps(app, value)
    const mark = (v: unknown, p: JsonPath): void => {
      patched.add(key(p))
      if (v && typeof v === 'object' && !Array.isArray(v)) for (const [k, x] of Object.entries(v)) mark(x, [...p, k])
    }
    for (const [k, v] of Object.entries(value)) mark(v, [k])
  }
  const patchPos = set.locate(['spec', 'templatePatch']) ?? set.source
  app.apiVersion ??= 'argoproj.io/v1alpha1'
  app.kind ??= 'Application'
  const md = rec(app.metadata)
  app.metadata = {...md, namespace: md.namespace ?? set.object.metadata?.namespace ?? 'argocd'}
  return {
    object: app as RenderedObject['object'],
    source: set.source,
    locate(p) {
      for (let i = p.length; i >= 0; i--) {
        const k = key(p.slice(0, i))
        const hit = overrides.get(k)
        if (hit) return hit
        if (patched.has(k)) return patchPos
      }
      return base(p)
    },
  }
}

/** Parameter sets of one generator; undefined when it cannot be evaluated (already reported). */
function generate(ctx: Ctx, g: Record<string, unknown>, path: JsonPath, outer: ParamSet): ParamSet[] | undefined {
  const render = (v: unknown) => renderDeep(v, outer, {goTemplate: ctx.go, missingKeyError: true})
  if (g.list) return listGen(ctx, rec(g.list), [...path, 'list'])
  if (g.clusters) return clustersGen(ctx, rec(g.clusters), [...path, 'clusters'])
  if (g.git) {
    try {
      return gitGen(ctx, rec(render(g.git)), [...path, 'git'])
    } catch (error) {
      if (!(error instanceof TemplateProblem)) throw error
      ctx.skipped.push({message: `git generator: ${error.message}`, at: ctx.at(path)})
      return undefined
    }
  }
  if (g.matrix) return matrixGen(ctx, rec(g.matrix), [...path, 'matrix'])
  if (g.merge) return mergeGen(ctx, rec(g.merge), [...path, 'merge'])
  const kind = Object.keys(g).find((k) => k !== 'selector' && k !== 'template') ?? 'unknown'
  const why: Record<string, string> = {
    scmProvider: 'asks an SCM provider for its repositories (network)',
    pullRequest: 'asks an SCM provider for open pull requests (network)',
    plugin: 'calls a plugin service (network)',
    clusterDecisionResource: 'reads a duck-typed resource in the live cluster',
  }
  ctx.skipped.push({message: `${kind} generator ${why[kind] ?? 'is not known'}: the Applications it generates are not rendered`, at: ctx.at(path)})
  return undefined
}

function withValues(ctx: Ctx, ps: ParamSet, values: unknown, at: JsonPath): ParamSet {
  const v = rec(values)
  if (!Object.keys(v).length) return ps
  const rendered = rec(renderDeep(v, ps, {goTemplate: ctx.go, missingKeyError: true}))
  const params = {...ps.params}
  const pos = new Map(ps.pos)
  if (ctx.go) params.values = {...rec(params.values), ...rendered}
  for (const [k, x] of Object.entries(rendered)) {
    if (!ctx.go) params[`values.${k}`] = String(x)
    pos.set(`values.${k}`, ctx.at([...at, k]))
  }
  return {params, pos}
}

function listGen(ctx: Ctx, list: Record<string, unknown>, path: JsonPath): ParamSet[] | undefined {
  if (list.elementsYaml !== undefined && !Array.isArray(list.elements)) {
    ctx.skipped.push({message: 'list generator elementsYaml is not evaluated offline', at: ctx.at([...path, 'elementsYaml'])})
    return undefined
  }
  const elements = Array.isArray(list.elements) ? list.elements : []
  return elements.map((e, i) => {
    const el = rec(e)
    const params: Params = {}
    const pos = new Map<string, SourcePos>()
    for (const [k, v] of Object.entries(el)) {
      if (k === 'values' && v && typeof v === 'object') {
        for (const [vk, vv] of Object.entries(rec(v))) {
          if (!ctx.go) params[`values.${vk}`] = String(vv)
          pos.set(`values.${vk}`, ctx.at([...path, 'elements', i, 'values', vk]))
        }
        if (ctx.go) params.values = v
        continue
      }
      if (ctx.go) params[k] = v
      else Object.assign(params, typeof v === 'object' && v !== null ? flatten(v, k) : {[k]: String(v ?? '')})
      pos.set(k, ctx.at([...path, 'elements', i, k]))
    }
    return withValues(ctx, {params, pos}, list.values, [...path, 'values'])
  })
}

function matches(selector: Record<string, unknown>, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(rec(selector.matchLabels))) if (labels[k] !== String(v)) return false
  for (const raw of Array.isArray(selector.matchExpressions) ? selector.matchExpressions : []) {
    const e = rec(raw)
    const key = String(e.key ?? '')
    const values = Array.isArray(e.values) ? e.values.map(String) : []
    const has = Object.hasOwn(labels, key)
    const ok =
      e.operator === 'In' ? has && values.includes(labels[key]!)
      : e.operator === 'NotIn' ? !has || !values.includes(labels[key]!)
      : e.operator === 'Exists' ? has
      : e.operator === 'DoesNotExist' ? !has
      : false
    if (!ok) return false
  }
  return true
}

function clustersGen(ctx: Ctx, gen: Record<string, unknown>, path: JsonPath): ParamSet[] | undefined {
  const selector = rec(gen.selector)
  const empty = !Object.keys(rec(selector.matchLabels)).length && !(Array.isArray(selector.matchExpressions) && selector.matchExpressions.length)
  const unknownSecrets = ctx.tree.secrets.filter((s) => !s.server)
  if (unknownSecrets.length)
    ctx.skipped.push({
      message: `clusters generator: ${unknownSecrets.length} cluster Secret(s) whose server is not written in the tree (encrypted or from a secret store): their Applications are not rendered`,
      at: unknownSecrets[0]!.pos,
    })
  const candidates = ctx.tree.secrets.filter((s) => s.server)
  // Argo CD lists the local cluster too when it has no Secret of its own and the selector is empty.
  if (empty && !candidates.some((s) => s.server === IN_CLUSTER.server)) candidates.push(IN_CLUSTER)
  return candidates
    .filter((s) => matches(selector, s.labels))
    .map((s) => {
      const name = s.name ?? s.server!
      const params: Params = ctx.go
        ? {name, nameNormalized: normalizeName(name), server: s.server, project: s.project ?? '', metadata: {labels: s.labels, annotations: s.annotations}}
        : {
            name, nameNormalized: normalizeName(name), server: s.server!, project: s.project ?? '',
            ...Object.fromEntries(Object.entries(s.labels).map(([k, v]) => [`metadata.labels.${k}`, v])),
            ...Object.fromEntries(Object.entries(s.annotations).map(([k, v]) => [`metadata.annotations.${k}`, v])),
          }
      const pos = new Map<string, SourcePos>()
      if (s.namePos) pos.set('name', s.namePos)
      if (s.pos.file) pos.set('server', s.pos)
      return withValues(ctx, {params, pos}, gen.values, [...path, 'values'])
    })
}

/** Go's path.Match with `**` (doublestar, as the files generator uses) turned into a regular expression. */
function globRegExp(pattern: string): RegExp {
  let re = ''
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!
    if (c === '*' && pattern[i + 1] === '*') {
      re += '.*'
      i++
      if (pattern[i + 1] === '/') i++
    } else if (c === '*') re += '[^/]*'
    else if (c === '?') re += '[^/]'
    else if (c === '[') {
      const end = pattern.indexOf(']', i)
      re += end > i ? pattern.slice(i, end + 1).replace('[!', '[^') : '\\['
      if (end > i) i = end
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&')
  }
  return new RegExp(`^${re}$`)
}

export const globToRegExp = globRegExp

function pathParams(ctx: Ctx, dir: string): Params {
  const segments = dir.split('/').filter(Boolean)
  const basename = segments.at(-1) ?? ''
  if (ctx.go) return {path: {path: dir, basename, basenameNormalized: normalizeName(basename), segments}}
  return {path: dir, 'path.basename': basename, 'path.basenameNormalized': normalizeName(basename), ...Object.fromEntries(segments.map((s, i) => [`path[${i}]`, s]))}
}

function gitGen(ctx: Ctx, gen: Record<string, unknown>, path: JsonPath): ParamSet[] | undefined {
  if (!ctx.tree.isSelf(gen.repoURL)) {
    ctx.skipped.push({message: `git generator of ${String(gen.repoURL)}: not this repository (${ctx.tree.self.rule}), not read`, at: ctx.at([...path, 'repoURL'])})
    return undefined
  }
  const out: ParamSet[] = []
  if (Array.isArray(gen.directories)) {
    const dirs = allDirs(ctx)
    const includes = gen.directories.map(rec).filter((d) => d.exclude !== true).map((d) => globRegExp(String(d.path ?? '')))
    const excludes = gen.directories.map(rec).filter((d) => d.exclude === true).map((d) => globRegExp(String(d.path ?? '')))
    for (const d of dirs) {
      if (includes.some((r) => r.test(d)) && !excludes.some((r) => r.test(d))) out.push(withValues(ctx, {params: pathParams(ctx, d), pos: new Map()}, gen.values, [...path, 'values']))
    }
  }
  if (Array.isArray(gen.files)) {
    const files = ctx.tree.repo.yamlFiles().concat(jsonFiles(ctx))
    for (const f of gen.files.map(rec)) {
      const re = globRegExp(String(f.path ?? ''))
      for (const file of files.filter((x) => re.test(x)).sort()) {
        const loaded = ctx.tree.repo.load(file)
        const docs = loaded.ok ? loaded.file.docs : []
        for (const doc of docs) {
          const content = doc.value
          const dir = dirnameRel(file)
          const params: Params = {...(ctx.go ? rec(content) : flatten(content)), ...pathParams(ctx, dir)}
          const filename = basenameRel(file)
          if (ctx.go) params.path = {...rec(params.path), filename, filenameNormalized: normalizeName(filename)}
          else Object.assign(params, {'path.filename': filename, 'path.filenameNormalized': normalizeName(filename)})
          const pos = new Map<string, SourcePos>()
          const prov = new Provenance(doc.start, {doc, prefix: []})
          for (const k of Object.keys(ctx.go ? rec(content) : flatten(content))) pos.set(k, prov.locate(k.split('.')) ?? doc.start)
          out.push(withValues(ctx, {params, pos}, gen.values, [...path, 'values']))
        }
      }
    }
  }
  return out
}

function allDirs(ctx: Ctx): string[] {
  const out: string[] = []
  const walk = (dir: string): void => {
    for (const e of ctx.tree.repo.fs.list(dir)) {
      if (e.kind !== 'dir' || e.name.startsWith('.') || e.name === 'node_modules') continue
      const rel = dir ? `${dir}/${e.name}` : e.name
      out.push(rel)
      walk(rel)
    }
  }
  walk('')
  return out
}

function jsonFiles(ctx: Ctx): string[] {
  const out: string[] = []
  for (const d of ['', ...allDirs(ctx)]) for (const e of ctx.tree.repo.fs.list(d)) if (e.kind === 'file' && e.name.endsWith('.json')) out.push(d ? `${d}/${e.name}` : e.name)
  return out
}

function matrixGen(ctx: Ctx, gen: Record<string, unknown>, path: JsonPath): ParamSet[] | undefined {
  const gens = Array.isArray(gen.generators) ? gen.generators.map(rec) : []
  if (gens.length !== 2) {
    ctx.skipped.push({message: `matrix generator with ${gens.length} generators: Argo CD requires exactly 2`, at: ctx.at(path)})
    return undefined
  }
  const first = generate(ctx, gens[0]!, [...path, 'generators', 0], {params: {}, pos: new Map()})
  if (!first) return undefined
  const out: ParamSet[] = []
  for (const a of first) {
    const second = generate(ctx, gens[1]!, [...path, 'generators', 1], a)
    if (!second) return undefined
    for (const b of second) out.push({params: ctx.go ? mergeMaps(a.params, b.params) : {...a.params, ...b.params}, pos: new Map([...a.pos, ...b.pos])})
  }
  return out
}

function mergeGen(ctx: Ctx, gen: Record<string, unknown>, path: JsonPath): ParamSet[] | undefined {
  const gens = Array.isArray(gen.generators) ? gen.generators.map(rec) : []
  const keys = Array.isArray(gen.mergeKeys) ? gen.mergeKeys.map(String) : []
  const sets = gens.map((g, i) => generate(ctx, g, [...path, 'generators', i], {params: {}, pos: new Map()}))
  if (sets.some((s) => !s) || !sets.length) return undefined
  const keyOf = (p: Params) => JSON.stringify(keys.map((k) => (ctx.go ? k.split('.').reduce<unknown>((v, x) => rec(v)[x], p) : p[k])))
  const base = sets[0]!.map((s) => ({params: {...s.params}, pos: new Map(s.pos)}))
  for (const other of sets.slice(1)) {
    for (const o of other!) {
      for (const b of base.filter((x) => keyOf(x.params) === keyOf(o.params))) {
        b.params = ctx.go ? mergeMaps(b.params, o.params) : {...b.params, ...o.params}
        for (const [k, v] of o.pos) b.pos.set(k, v)
      }
    }
  }
  return base
}
