// One Flux Kustomization of a cluster: kustomize build of its path (with Flux's generator and overlay),
// postBuild substitution, and the objects it applies.
import {type BuildResult, type Kustomizer, mergeEnv} from '../kustomize/build.js'
import {newEnv} from '../kustomize/build-env.js'
import {normaliseIdentity} from '../kustomize/identity.js'
import {cloneResource, type KResource, metadata} from '../kustomize/resource.js'
import type {RawFinding} from '../findings.js'
import type {Repo} from '../repo/repo.js'
import type {FluxKustomization, JsonPath, RenderedObject, SourcePos} from '../types.js'
import {fluxKustomization} from './generator.js'
import {fluxPath, type FluxSpec} from './spec.js'
import {substituteAll} from './substitute.js'
import type {TreeIndex} from './tree-index.js'
import {isSopsObject, loadVariables, type ObjectFinder} from './variables.js'

export interface ApplyContext {
  repo: Repo
  kustomizer: Kustomizer
  /** Flux builds by directory and overlay, shared between clusters (objects are cloned before use). */
  cache: Map<string, BuildResult>
  charAt: (pos: SourcePos) => string | undefined
  /** The Flux objects written in the repository (sources, generators), for deciding what builds from here. */
  index: TreeIndex
}

export interface Applied {
  record: FluxKustomization
  objects: RenderedObject[]
  problems: RawFinding[]
  files: Set<string>
  dirs: Set<string>
}

const FLUX_NAME = 'kustomize.toolkit.fluxcd.io/name'
const FLUX_NAMESPACE = 'kustomize.toolkit.fluxcd.io/namespace'

export function applyKustomization(ctx: ApplyContext, spec: FluxSpec, object: RenderedObject, producedBy: string | undefined, find: ObjectFinder): Applied {
  const key = `${spec.namespace}/${spec.name}`
  const at = (p: JsonPath) => object.locate(p) ?? object.source
  const dir = fluxPath(spec.path)
  const record: FluxKustomization = {
    namespace: spec.namespace, name: spec.name, path: dir, variables: new Map(), object,
    ...(producedBy ? {producedBy} : {}), ...(spec.targetNamespace ? {targetNamespace: spec.targetNamespace} : {}),
    dependsOn: spec.dependsOn, healthChecks: spec.healthChecks, substituteFrom: [], substituted: false,
    references: [], substitutionErrors: [], incomplete: [],
  }
  const out: Applied = {record, objects: [], problems: [], files: new Set(), dirs: new Set()}
  const built = build(ctx, dir, spec, at, out)
  if (!built) return out
  const resources = built.resources.map(cloneResource)

  const vars = loadVariables(spec, find, at)
  record.variables = vars.vars
  record.substituteFrom = vars.sources
  for (const bad of vars.invalid) {
    record.substitutionErrors!.push({message: `'${bad.name}' var name is invalid, must match '^[_[:alpha:]][_[:alpha:][:digit:]]*$'; Flux fails the whole Kustomization`, pos: bad.pos})
  }
  const enabled = !!spec.postBuild && (vars.vars.size > 0 || spec.postBuild.strategy === 'Always') && vars.invalid.length === 0
  record.substituted = enabled
  const outcome = substituteAll(resources, {vars: vars.vars, enabled, charAt: ctx.charAt})
  record.references = outcome.references
  record.substitutionErrors!.push(...outcome.errors)

  for (const res of resources) {
    // A substituted name or apiVersion may have become a number (`name: ${ID}`): read it back as text.
    const bad = normaliseIdentity(res.obj)
    if (bad) record.substitutionErrors!.push({message: `after substitution ${res.obj.kind ?? 'an object'} ${res.ids[0]?.name ?? ''}: ${bad}`, pos: res.prov.source})
    labelWithOwner(res, spec, at)
    const isSelf = !producedBy && res.obj.kind === 'Kustomization' && res.obj.metadata?.name === spec.name && (res.obj.metadata?.namespace ?? '') === spec.namespace
    const incomplete = reasonIncomplete(res, outcome.unknownValues.get(res))
    out.objects.push({
      object: res.obj as RenderedObject['object'],
      source: res.prov.source,
      locate: (p) => res.prov.locate(p),
      ...(isSelf ? {} : {producedBy: key}),
      ...(incomplete ? {incomplete} : {}),
    })
  }
  return out
}

function build(ctx: ApplyContext, dir: string, spec: FluxSpec, at: (p: JsonPath) => SourcePos, out: Applied): BuildResult | undefined {
  const r = ctx.repo.fs.resolve(dir)
  if (!r.ok || r.kind !== 'dir') {
    const why = !r.ok ? r.detail : `${dir} is a file, not a directory`
    out.problems.push({id: 'CM002', message: `Flux Kustomization ${spec.namespace}/${spec.name}: spec.path ${JSON.stringify(spec.path)}: ${why}`, at: at(['spec', 'path'])})
    out.record.incomplete!.push(`spec.path ${spec.path} cannot be built`)
    return undefined
  }
  const overlayKey = JSON.stringify([dir, spec.targetNamespace, spec.namePrefix, spec.nameSuffix, spec.patches, spec.components, spec.ignoreMissingComponents, spec.images])
  let result = ctx.cache.get(overlayKey)
  if (!result) {
    const env = newEnv(ctx.repo)
    const target = fluxKustomization(env, dir, spec, at)
    if (target) {
      result = ctx.kustomizer.build(dir, target.k)
      mergeEnv(result.env, env)
    } else result = {resources: [], env}
    ctx.cache.set(overlayKey, result)
  }
  out.problems.push(...result.env.problems)
  out.record.incomplete!.push(...result.env.incomplete)
  for (const f of result.env.files) out.files.add(f)
  for (const d of result.env.dirs) out.dirs.add(d)
  out.dirs.add(dir)
  return result
}

/**
 * kustomize-controller sets spec.commonMetadata on every object it applies (over existing keys), and labels
 * each with the Kustomization's name and namespace.
 */
function labelWithOwner(res: KResource, spec: FluxSpec, at: (p: JsonPath) => SourcePos): void {
  const meta = metadata(res.obj)
  const {labels, annotations} = spec.commonMetadata
  meta.labels = {...(meta.labels ?? {}), ...labels, [FLUX_NAME]: spec.name, [FLUX_NAMESPACE]: spec.namespace}
  for (const k of Object.keys(labels)) res.prov.set(['metadata', 'labels', k], at(['spec', 'commonMetadata', 'labels', k]))
  if (Object.keys(annotations).length) {
    meta.annotations = {...(meta.annotations ?? {}), ...annotations}
    for (const k of Object.keys(annotations)) res.prov.set(['metadata', 'annotations', k], at(['spec', 'commonMetadata', 'annotations', k]))
  }
  res.prov.set(['metadata', 'labels', FLUX_NAME], at([]))
  res.prov.set(['metadata', 'labels', FLUX_NAMESPACE], at([]))
}

function reasonIncomplete(res: KResource, unknownVars: string[] | undefined): string | undefined {
  const reasons: string[] = []
  if (res.incomplete) reasons.push(res.incomplete)
  if (isSopsObject(res.obj)) reasons.push('SOPS-encrypted: its values are known only in the cluster')
  if (unknownVars?.length) reasons.push(`uses SOPS-encrypted variables ${unknownVars.join(', ')}`)
  return reasons.length ? reasons.join('; ') : undefined
}

