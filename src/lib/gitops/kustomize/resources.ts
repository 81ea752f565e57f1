// Turning the documents of a resource file into build resources, with kustomize's checks
// (kind and metadata.name required, `*List` kinds expanded, no empty list items).
import type {YamlDoc} from '../repo/yaml-file.js'
import type {JsonPath} from '../types.js'
import {type BuildEnv, buildError} from './build-env.js'
import {type KResource, resourceFromDoc} from './resource.js'
import {normaliseIdentity} from './identity.js'
import type {KObj} from './resid.js'

export function resourcesFromDocs(env: BuildEnv, docs: YamlDoc[]): KResource[] {
  const out: KResource[] = []
  for (const doc of docs) {
    const v = doc.value
    if (v === null || v === undefined) continue
    if (typeof v !== 'object' || Array.isArray(v)) {
      buildError(env, `${doc.file}: document ${doc.index + 1} is not a Kubernetes object`, doc.start)
      continue
    }
    const obj = v as KObj
    const kind = typeof obj.kind === 'string' ? obj.kind : ''
    if (kind.endsWith('List') && 'items' in obj) {
      if (obj.items === null) continue
      if (!Array.isArray(obj.items)) {
        buildError(env, `${doc.file}: items of ${kind} is not a list`, doc.start)
        continue
      }
      obj.items.forEach((item, i) => add(env, out, doc, item as KObj, ['items', i]))
      continue
    }
    add(env, out, doc, obj, [])
  }
  return out
}

function add(env: BuildEnv, out: KResource[], doc: YamlDoc, item: KObj, prefix: JsonPath): void {
  let obj = item
  const res = resourceFromDoc(doc, structuredClone(obj), prefix as (string | number)[])
  const at = res.prov.source
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return buildError(env, `${doc.file}: an item is not a Kubernetes object`, at)
  const bad = normaliseIdentity(res.obj)
  if (bad) return buildError(env, `${doc.file}: ${bad}`, at)
  obj = res.obj
  if (!obj.kind) return buildError(env, `${doc.file}: missing kind in object`, at)
  if (!obj.kind.endsWith('List') && !obj.metadata?.name) return buildError(env, `${doc.file}: missing metadata.name in ${obj.kind} object`, at)
  const empty = findEmptyItem(obj, [])
  if (empty) return buildError(env, `${doc.file}: empty item at ${empty.join('.')} in ${obj.kind} ${obj.metadata?.name ?? ''}`, res.prov.locate(empty) ?? at)
  out.push(res)
}

/** kustomize refuses objects with a null list item (`- ` with nothing after it). */
function findEmptyItem(v: unknown, path: JsonPath): JsonPath | undefined {
  if (Array.isArray(v)) {
    for (const [i, item] of v.entries()) {
      if (item === null) return [...path, i]
      const hit = findEmptyItem(item, [...path, i])
      if (hit) return hit
    }
  } else if (v && typeof v === 'object') {
    for (const [k, item] of Object.entries(v)) {
      const hit = findEmptyItem(item, [...path, k])
      if (hit) return hit
    }
  }
  return undefined
}
