// Strategic-merge patches the way kustomize applies them (kyaml merge2): maps merge, `null` deletes,
// `$patch: delete|replace` directives, lists merge by key where the schema gives one and are replaced otherwise.
import type {DocRef} from '../provenance.js'
import type {JsonPath} from '../types.js'
import {mergeKeyFor} from './merge-keys.js'
import type {KResource} from './resource.js'
import {gvkOf} from './resid.js'

export const DELETED = Symbol('deleted')

type Json = unknown
type Rec = Record<string, Json>

interface Ctx {
  res: KResource
  ref?: DocRef
}

const isMap = (v: Json): v is Rec => !!v && typeof v === 'object' && !Array.isArray(v)

const isDirectiveKey = (k: string) =>
  k === '$patch' || k === '$retainKeys' || k.startsWith('$setElementOrder/') || k.startsWith('$deleteFromPrimitiveList/')

/** Applies `patch` to the resource in place; returns false when the patch deletes the whole resource. */
export function applyStrategicMerge(res: KResource, patch: Rec, ref?: DocRef): boolean {
  const out = mergeValue(res.obj, patch, [], [], {res, ...(ref ? {ref} : {})})
  if (out === DELETED || !isMap(out)) return false
  res.obj = out
  return true
}

function mergeValue(dest: Json, patch: Json, path: JsonPath, patchPath: JsonPath, ctx: Ctx): Json | typeof DELETED {
  if (isMap(patch)) return mergeMap(dest, patch, path, patchPath, ctx)
  if (Array.isArray(patch)) return mergeList(dest, patch, path, patchPath, ctx)
  record(ctx, path, patchPath, patch)
  return patch
}

function mergeMap(dest: Json, patch: Rec, path: JsonPath, patchPath: JsonPath, ctx: Ctx): Json | typeof DELETED {
  const directive = patch.$patch
  if (directive === 'delete') return DELETED
  if (directive === 'replace') {
    const clean = stripDirectives(patch)
    record(ctx, path, patchPath, clean)
    return clean
  }
  // A map the destination lacks is built from the patch the same way, so nested nulls still delete nothing.
  if (!isMap(dest)) record(ctx, path, patchPath, {})
  const out: Rec = isMap(dest) ? {...dest} : {}
  for (const [key, pv] of Object.entries(patch)) {
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const field = key.slice('$deleteFromPrimitiveList/'.length)
      const drop = new Set((Array.isArray(pv) ? pv : []).map((v) => JSON.stringify(v)))
      if (Array.isArray(out[field])) out[field] = (out[field] as Json[]).filter((v) => !drop.has(JSON.stringify(v)))
      continue
    }
    if (isDirectiveKey(key)) continue
    if (pv === null) {
      delete out[key]
      continue
    }
    const merged = mergeValue(out[key], pv, [...path, key], [...patchPath, key], ctx)
    if (merged === DELETED) delete out[key]
    else out[key] = merged
  }
  return out
}

function mergeList(dest: Json, patch: Json[], path: JsonPath, patchPath: JsonPath, ctx: Ctx): Json {
  const key = mergeKeyFor(gvkOf(ctx.res.obj), path)
  const replaceAll = patch.some((e) => isMap(e) && e.$patch === 'replace' && Object.keys(e).length === 1)
  if (!key || !Array.isArray(dest) || replaceAll) {
    const clean = patch.filter((e) => !(isMap(e) && e.$patch === 'replace' && Object.keys(e).length === 1)).map(stripDirectives)
    record(ctx, path, patchPath, clean)
    return clean
  }
  // kyaml merges associative lists in the patch's order (merged and new elements alike), then appends the
  // destination's elements the patch does not name, in their own order.
  const matched = new Set<number>()
  const out: Json[] = []
  patch.forEach((pe, patchIndex) => {
    const id = isMap(pe) ? pe[key] : undefined
    const destIndex = id === undefined ? -1 : dest.findIndex((de, i) => !matched.has(i) && isMap(de) && de[key] === id)
    if (destIndex >= 0) matched.add(destIndex)
    if (isMap(pe) && pe.$patch === 'delete') return
    if (destIndex < 0) {
      const value = mergeValue(undefined, pe, [...path, out.length], [...patchPath, patchIndex], ctx)
      if (value !== DELETED) out.push(value)
      return
    }
    const at = out.length
    shiftProvenance(ctx, path, destIndex, at)
    const merged = mergeValue(dest[destIndex], pe, [...path, at], [...patchPath, patchIndex], ctx)
    if (merged !== DELETED) out.push(merged)
  })
  dest.forEach((de, destIndex) => {
    if (matched.has(destIndex)) return
    shiftProvenance(ctx, path, destIndex, out.length)
    out.push(de)
  })
  return out
}

/** Elements that moved because new ones were prepended keep pointing at their own source line. */
function shiftProvenance(ctx: Ctx, path: JsonPath, from: number, to: number): void {
  if (from === to) return
  const pos = ctx.res.prov.locate([...path, from])
  if (pos) ctx.res.prov.set([...path, to], pos)
}

function record(ctx: Ctx, path: JsonPath, patchPath: JsonPath, value: Json): void {
  if (ctx.ref) ctx.res.prov.setSubtree(path, ctx.ref, patchPath, value)
}

export function stripDirectives(v: Json): Json {
  if (Array.isArray(v)) return v.map(stripDirectives)
  if (!isMap(v)) return v
  const out: Rec = {}
  for (const [k, val] of Object.entries(v)) if (!isDirectiveKey(k)) out[k] = stripDirectives(val)
  return out
}
