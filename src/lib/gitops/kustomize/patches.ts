// kustomize patches: `patches` (strategic-merge or JSON 6902, inline or from a file, with targets),
// and the legacy `patchesStrategicMerge` and `patchesJson6902` fields.
import type {DocRef} from '../provenance.js'
import {embeddedMapper} from '../repo/embedded.js'
import {parseYamlFile, type YamlDoc} from '../repo/yaml-file.js'
import type {JsonPath, SourcePos} from '../types.js'
import {type BuildEnv, buildError, readReferenced} from './build-env.js'
import {applyJsonPatch, JsonPatchError, parseOps} from './json6902.js'
import {asArray, type Kustomization} from './kustomization-file.js'
import {type KResource, matchesAnyId} from './resource.js'
import {idOf, idString, type KObj} from './resid.js'
import {parseSelector, select, type Selector, SelectorError} from './selector.js'
import {applyStrategicMerge} from './strategic-merge.js'

interface PatchSource {
  docs: YamlDoc[]
  /** How positions in the patch documents map to the repository. */
  ref: (doc: YamlDoc) => DocRef
  label: string
}

/** Loads a patch given inline (a string field of the kustomization) or as a file path. */
function loadPatch(env: BuildEnv, k: Kustomization, inlinePath: JsonPath, inline: unknown, path: unknown, at: SourcePos): PatchSource | undefined {
  if (typeof inline === 'string' && inline.trim() !== '') {
    const file = parseYamlFile(k.file ?? k.dir, inline)
    if (file.error) return void buildError(env, `patch is not valid YAML: ${file.error.message}`, at)
    // A patch Flux adds from its Kustomization's spec.patches lives in that file, not in kustomization.yaml.
    const map = k.doc && at.file === k.file ? embeddedMapper(k.doc, inlinePath) : () => at
    return {docs: file.docs, ref: (doc) => ({doc, prefix: [], map}), label: 'inline patch'}
  }
  if (inline && typeof inline === 'object') {
    // Flux's spec.patchesStrategicMerge / patchesJson6902 hold objects, not strings.
    const file = parseYamlFile(k.file ?? k.dir, JSON.stringify(inline))
    return {docs: file.docs, ref: (doc) => ({doc, prefix: [], map: () => at}), label: 'inline patch'}
  }
  if (typeof path === 'string' && path !== '') {
    const text = readReferenced(env, k.dir, path, at, 'patch file')
    if (!text.ok) return undefined
    const loaded = env.repo.load(text.rel)
    if (!loaded.ok || loaded.file.error) return void buildError(env, `patch file ${text.rel} is not valid YAML (CM001)`, at)
    return {docs: loaded.file.docs, ref: (doc) => ({doc, prefix: []}), label: text.rel}
  }
  return void buildError(env, 'must specify one of patch and path', at)
}

const nonEmpty = (docs: YamlDoc[]) => docs.filter((d) => d.value !== null && d.value !== undefined)

/** Applies one strategic-merge patch document to its targets (by target selector, or by the patch's own id). */
function applySmp(env: BuildEnv, resources: KResource[], doc: YamlDoc, src: PatchSource, target: Selector | undefined, at: SourcePos, opts: {allowNameChange?: boolean; allowKindChange?: boolean}): void {
  const patch = doc.value as KObj
  if (!patch || typeof patch !== 'object' || Array.isArray(patch)) return buildError(env, `${src.label}: a strategic-merge patch must be a mapping`, at)
  if (!patch.kind) return buildError(env, `${src.label}: missing kind in patch`, at)
  if (!patch.metadata?.name) return buildError(env, `${src.label}: missing metadata.name in patch`, at)
  let targets: KResource[]
  if (target) targets = select(resources, target)
  else {
    const id = idOf(patch)
    targets = resources.filter((r) => matchesAnyId(r, id))
    if (targets.length !== 1) {
      return buildError(env, `${targets.length ? 'multiple' : 'no'} matches for Id ${idString(id)}; failed to find unique target for patch ${idString(id)}`, at)
    }
  }
  for (const res of targets) {
    const keep = {apiVersion: res.obj.apiVersion, kind: res.obj.kind, name: res.obj.metadata?.name, namespace: res.obj.metadata?.namespace}
    const copy = structuredClone(patch)
    const alive = applyStrategicMerge(res, copy as Record<string, unknown>, src.ref(doc))
    if (!alive) {
      resources.splice(resources.indexOf(res), 1)
      continue
    }
    res.obj.apiVersion = keep.apiVersion
    if (!opts.allowKindChange) res.obj.kind = keep.kind
    const meta = (res.obj.metadata ??= {})
    if (!opts.allowNameChange) meta.name = keep.name
    if (keep.namespace === undefined) delete meta.namespace
    else meta.namespace = keep.namespace
  }
}

function applyJson(env: BuildEnv, resources: KResource[], doc: YamlDoc, src: PatchSource, target: Selector | undefined, at: SourcePos): void {
  if (!target) return buildError(env, `must specify a target for JSON patch ${src.label}`, at)
  let ops
  try {
    ops = parseOps(doc.value)
    for (const res of select(resources, target)) applyJsonPatch(res, ops, src.ref(doc))
  } catch (error) {
    if (error instanceof JsonPatchError || error instanceof SelectorError) return buildError(env, `${src.label}: ${error.message}`, at)
    throw error
  }
}

/** The `patches` field: each entry is strategic-merge unless its document is a list of operations. */
export function applyPatches(env: BuildEnv, k: Kustomization, resources: KResource[], field = 'patches', list: unknown = k.fields.patches): void {
  for (const [i, raw] of asArray(list).entries()) {
    const entry = (raw ?? {}) as Record<string, unknown>
    const at = k.at([field, i])
    if (typeof entry.patch === 'string' && typeof entry.path === 'string') {
      buildError(env, "patch and path can't be set at the same time", at)
      continue
    }
    const src = loadPatch(env, k, [field, i, 'patch'], entry.patch, entry.path, at)
    if (!src) continue
    let target: Selector | undefined
    try {
      target = parseSelector(entry.target)
      const docs = nonEmpty(src.docs)
      if (docs.length === 0) {
        buildError(env, `${src.label} is empty`, at)
        continue
      }
      if (Array.isArray(docs[0]!.value)) {
        applyJson(env, resources, docs[0]!, src, target, at)
        continue
      }
      if (target && docs.length > 1) {
        buildError(env, `Multiple Strategic-Merge Patches in one \`patches\` entry is not allowed to set \`patches.target\` field: ${src.label}`, at)
        continue
      }
      const opts = (entry.options ?? {}) as {allowNameChange?: boolean; allowKindChange?: boolean}
      for (const doc of docs) applySmp(env, resources, doc, src, target, at, opts)
    } catch (error) {
      if (error instanceof SelectorError) buildError(env, error.message, at)
      else throw error
    }
  }
}

/** Legacy patchesStrategicMerge: file paths, or inline YAML strings. */
export function applyLegacyStrategicMerge(env: BuildEnv, k: Kustomization, resources: KResource[]): void {
  for (const [i, entry] of asArray(k.fields.patchesStrategicMerge).entries()) {
    const at = k.at(['patchesStrategicMerge', i])
    const isInline = typeof entry !== 'string' || entry.includes('\n') || /^\s*(apiVersion|kind)\s*:/.test(entry)
    const src = isInline ? loadPatch(env, k, ['patchesStrategicMerge', i], entry, undefined, at) : loadPatch(env, k, [], undefined, entry, at)
    if (!src) continue
    for (const doc of nonEmpty(src.docs)) applySmp(env, resources, doc, src, undefined, at, {})
  }
}

/** Legacy patchesJson6902: a target plus an inline `patch` or a `path`. */
export function applyLegacyJson6902(env: BuildEnv, k: Kustomization, resources: KResource[]): void {
  for (const [i, raw] of asArray(k.fields.patchesJson6902).entries()) {
    const entry = (raw ?? {}) as Record<string, unknown>
    const at = k.at(['patchesJson6902', i])
    const src = loadPatch(env, k, ['patchesJson6902', i, 'patch'], entry.patch, entry.path, at)
    if (!src) continue
    const doc = nonEmpty(src.docs)[0]
    if (!doc) continue
    try {
      applyJson(env, resources, doc, src, parseSelector(entry.target), at)
    } catch (error) {
      if (error instanceof SelectorError) buildError(env, error.message, at)
      else throw error
    }
  }
}
