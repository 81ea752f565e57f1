// `kustomize build` of one directory, in kustomize's order (api/internal/target/kusttarget.go):
// resources, generators, components, transformers; then, at the top only, name hashes and name references.
import {joinRel} from '../repo/paths.js'
import type {Repo} from '../repo/repo.js'
import type {SourcePos} from '../types.js'
import {type BuildEnv, buildError, newEnv, unsupported} from './build-env.js'
import {runGenerators} from './generators.js'
import {kustomizeHash} from './hash.js'
import {type Kustomization, loadKustomization} from './kustomization-file.js'
import {fixNameReferences} from './name-references.js'
import {cloneResource, currentId, type KResource, rememberId} from './resource.js'
import {idKey, idString} from './resid.js'
import {resourcesFromDocs} from './resources.js'
import {applyTransformers} from './transform-step.js'

export interface BuildResult {
  resources: KResource[]
  env: BuildEnv
}

/** Fields kustomize supports that we do not evaluate; their presence makes the output incomplete. */
const UNSUPPORTED_FIELDS: Record<string, string> = {
  helmCharts: 'a helmCharts generator', helmChartInflationGenerator: 'a helmChartInflationGenerator',
  helmGlobals: 'helmGlobals', replacements: 'replacements', vars: 'vars', generators: 'generator plugins',
  transformers: 'transformer plugins', validators: 'validator plugins', configurations: 'custom transformer configurations',
  crds: 'crds (custom name reference configuration)', openapi: 'a custom openapi schema',
}

const REMOTE = /^(https?:\/\/|git@|ssh:\/\/|git::|github\.com\/|gitlab\.com\/|bitbucket\.org\/)|\?ref=|\.git(\/\/|$)/

export class Kustomizer {
  private readonly cache = new Map<string, BuildResult>()
  private readonly active: string[] = []

  constructor(readonly repo: Repo) {}

  /** Builds `dir` as `kustomize build dir` would, or a Kustomization already loaded (Flux's generated one). */
  build(dir: string, given?: Kustomization): BuildResult {
    const env = newEnv(this.repo)
    // At the top, kustomize builds a Component directory like any other.
    const k = given ?? this.load(env, dir, {file: dir, line: 1, column: 1}, 'any')
    if (!k) return {resources: [], env}
    if (given) {
      env.dirs.add(dir)
      if (given.file) env.files.add(given.file)
      for (const e of given.errors) buildError(env, `${given.file ?? dir}: ${e.message}`, given.at(e.path))
      if (given.errors.length) return {resources: [], env}
    }
    const resources = this.accumulate(env, k, [])
    addHashes(resources)
    fixNameReferences(resources)
    return {resources: resources.filter((r) => r.obj.metadata?.annotations?.['config.kubernetes.io/local-config'] !== 'true'), env}
  }

  private load(env: BuildEnv, dir: string, at: SourcePos, want: 'Kustomization' | 'Component' | 'any'): Kustomization | undefined {
    const found = loadKustomization(this.repo, dir)
    if (!found.found) {
      if (found.reason === 'none') {
        env.problems.push({id: 'CM002', message: `${dir || '.'} has no kustomization.yaml, kustomization.yml or Kustomization`, at})
        env.incomplete.push(`${dir} is not a kustomization directory`)
      } else buildError(env, `cannot read the kustomization in ${dir}: ${found.detail}`, at)
      return undefined
    }
    const k = found.kustomization
    env.dirs.add(dir)
    if (k.file) env.files.add(k.file)
    for (const e of k.errors) buildError(env, `${k.file}: ${e.message}`, k.at(e.path))
    if (k.errors.length) return undefined
    if (want === 'Kustomization' && k.kind === 'Component') return void buildError(env, `expected kind != 'Component' for path '${dir}'`, at)
    if (want === 'Component' && k.kind !== 'Component') return void buildError(env, `expected kind 'Component' for path '${dir}' but got 'Kustomization'`, at)
    return k
  }

  /** kusttarget.accumulateTarget: adds this kustomization's output to `base` (empty unless it is a component). */
  private accumulate(env: BuildEnv, k: Kustomization, base: KResource[]): KResource[] {
    for (const [field, what] of Object.entries(UNSUPPORTED_FIELDS)) {
      if (k.fields[field] !== undefined && k.fields[field] !== null) unsupported(env, `${k.file ?? k.dir} uses ${what}, which kubectl-mesh does not evaluate`, k.at([field]))
    }
    const resources = base
    const refs = Array.isArray(k.fields.resources) ? k.fields.resources : []
    for (const [i, ref] of refs.entries()) this.addResource(env, k, String(ref), k.at(['resources', i]), resources)
    runGenerators(env, k, resources)
    const comps = Array.isArray(k.fields.components) ? k.fields.components : []
    for (const [i, ref] of comps.entries()) this.addComponent(env, k, String(ref), k.at(['components', i]), resources)
    applyTransformers(env, k, resources)
    return resources
  }

  private addResource(env: BuildEnv, k: Kustomization, ref: string, at: SourcePos, into: KResource[]): void {
    if (REMOTE.test(ref)) return unsupported(env, `remote resource ${ref} is not fetched (the network is not used)`, at)
    const rel = joinRel(k.dir, ref)
    if (rel === undefined) return pathProblem(env, `resource ${JSON.stringify(ref)} resolves outside the repository`, at)
    const r = this.repo.fs.resolve(rel)
    if (!r.ok) return pathProblem(env, `resource ${JSON.stringify(ref)} in ${k.file ?? k.dir}: ${r.detail}`, at)
    if (r.kind === 'dir') return this.addDir(env, rel, at, into)
    const loaded = this.repo.load(rel)
    env.files.add(rel)
    if (!loaded.ok || loaded.file.error) {
      env.incomplete.push(`${rel} cannot be read`)
      if (loaded.ok) env.problems.push({id: 'CM001', message: `${rel} is part of this build but has a YAML error: ${loaded.file.error!.message}`, at: loaded.file.error!.pos})
      else env.problems.push({id: 'CM001', message: `${rel} is part of this build but cannot be read: ${loaded.detail}`, at})
      return
    }
    for (const res of resourcesFromDocs(env, loaded.file.docs)) append(env, into, res, k.dir)
  }

  /** A directory resource is its own build, cached: kustomize builds every directory independently. */
  private addDir(env: BuildEnv, dir: string, at: SourcePos, into: KResource[]): void {
    if (this.active.includes(dir)) {
      return buildError(env, `cycle detected: ${[...this.active.slice(this.active.indexOf(dir)), dir].join(' -> ')}`, at)
    }
    let sub = this.cache.get(dir)
    if (!sub) {
      const subEnv = newEnv(this.repo)
      const k = this.load(subEnv, dir, at, 'Kustomization')
      this.active.push(dir)
      sub = {resources: k ? this.accumulate(subEnv, k, []) : [], env: subEnv}
      this.active.pop()
      this.cache.set(dir, sub)
    }
    mergeEnv(env, sub.env)
    for (const res of sub.resources) append(env, into, cloneResource(res), dirOf(at))
  }

  private addComponent(env: BuildEnv, k: Kustomization, ref: string, at: SourcePos, into: KResource[]): void {
    if (REMOTE.test(ref)) return unsupported(env, `remote component ${ref} is not fetched (the network is not used)`, at)
    const rel = joinRel(k.dir, ref)
    if (rel === undefined) return pathProblem(env, `component ${JSON.stringify(ref)} resolves outside the repository`, at)
    const r = this.repo.fs.resolve(rel)
    if (!r.ok) return pathProblem(env, `component ${JSON.stringify(ref)} in ${k.file ?? k.dir}: ${r.detail}`, at)
    if (r.kind !== 'dir') return buildError(env, `component ${ref} must be a directory`, at)
    if (this.active.includes(rel)) return buildError(env, `cycle detected: ${[...this.active, rel].join(' -> ')}`, at)
    const ck = this.load(env, rel, at, 'Component')
    if (!ck) return
    this.active.push(rel)
    this.accumulate(env, ck, into)
    this.active.pop()
  }
}

/** The kustomization directory a reference position belongs to (for messages). */
const dirOf = (at: SourcePos) => (at.file.includes('/') ? at.file.slice(0, at.file.lastIndexOf('/')) : '')

function pathProblem(env: BuildEnv, message: string, at: SourcePos): void {
  env.problems.push({id: 'CM002', message, at})
  env.incomplete.push(message)
}

/** resWrangler.Append: an id may appear once per build. */
function append(env: BuildEnv, into: KResource[], res: KResource, dir?: string): void {
  const key = idKey(currentId(res))
  const dup = into.find((r) => idKey(currentId(r)) === key)
  if (dup) {
    const a = dup.prov.source
    const id = currentId(res)
    const what = `${id.kind} ${id.namespace ? `${id.namespace}/` : ''}${id.name} (${res.obj.apiVersion})`
    env.problems.push({
      id: 'CM003',
      message: `${what} is defined twice in one kustomize build${dir === undefined ? '' : ` of ${dir || '.'}`}; kustomize refuses it: may not add resource with an already registered id ${idString(id)}`,
      at: res.prov.source,
      details: [`first defined at ${a.file}:${a.line}:${a.column}`, `again at ${res.prov.source.file}:${res.prov.source.line}:${res.prov.source.column}`],
      resource: resourceRef(res),
    })
    env.incomplete.push(`duplicate ${idString(currentId(res))}`)
    return
  }
  into.push(res)
}

export function resourceRef(res: KResource): {apiVersion?: string; kind: string; namespace?: string; name: string} {
  const id = currentId(res)
  return {
    ...(typeof res.obj.apiVersion === 'string' ? {apiVersion: res.obj.apiVersion} : {}),
    kind: id.kind,
    ...(id.namespace ? {namespace: id.namespace} : {}),
    name: id.name,
  }
}

export function mergeEnv(into: BuildEnv, from: BuildEnv): void {
  for (const f of from.files) into.files.add(f)
  for (const d of from.dirs) into.dirs.add(d)
  into.problems.push(...from.problems)
  into.incomplete.push(...from.incomplete)
}

function addHashes(resources: KResource[]): void {
  for (const r of resources) {
    if (!r.needsHash) continue
    const meta = (r.obj.metadata ??= {})
    rememberId(r)
    meta.name = `${meta.name}-${kustomizeHash(r.obj)}`
    r.needsHash = false
  }
}
