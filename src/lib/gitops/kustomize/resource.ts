// A resource inside a kustomize build: plain data, where it came from, and the ids it had.
import {Provenance} from '../provenance.js'
import type {YamlDoc} from '../repo/yaml-file.js'
import type {SourcePos} from '../types.js'
import {idOf, type KObj, type ResId, sameId} from './resid.js'

export interface KResource {
  obj: KObj
  prov: Provenance
  /** Ids it was known by before renames, original first; patches and name references match any of them. */
  ids: ResId[]
  /** Why part of it could not be evaluated (SOPS, a generator we cannot run …); checks skip such objects. */
  incomplete?: string
  /** A generated ConfigMap/Secret that gets kustomize's content hash appended to its name. */
  needsHash?: boolean
  /** Name prefixes and suffixes applied so far, innermost first (kustomize uses them to pick name referrals). */
  prefixes?: string[]
  suffixes?: string[]
  /** For generated objects: the generator behaviour (create, merge, replace). */
  behavior?: 'create' | 'merge' | 'replace'
}

export function resourceFromDoc(doc: YamlDoc, value: KObj, prefix: (string | number)[] = []): KResource {
  const prov = new Provenance(prefix.length ? docStart(doc, prefix) : doc.start, {doc, prefix})
  return {obj: value, prov, ids: [idOf(value)]}
}

function docStart(doc: YamlDoc, prefix: (string | number)[]): SourcePos {
  return new Provenance(doc.start, {doc, prefix: []}).locate(prefix) ?? doc.start
}

export function cloneResource(r: KResource): KResource {
  return {
    ...r, obj: structuredClone(r.obj), prov: r.prov.clone(), ids: [...r.ids],
    ...(r.prefixes ? {prefixes: [...r.prefixes]} : {}), ...(r.suffixes ? {suffixes: [...r.suffixes]} : {}),
  }
}

export function currentId(r: KResource): ResId {
  return idOf(r.obj)
}

/** True when `id` names this resource now or under any earlier name. */
export function matchesAnyId(r: KResource, id: ResId): boolean {
  return sameId(currentId(r), id) || r.ids.some((past) => sameId(past, id))
}

/** Remembers the current id before a transformer renames the resource. */
export function rememberId(r: KResource): void {
  const cur = currentId(r)
  if (!r.ids.some((past) => sameId(past, cur))) r.ids.push(cur)
}

export function metadata(obj: KObj): NonNullable<KObj['metadata']> {
  if (!obj.metadata || typeof obj.metadata !== 'object') obj.metadata = {}
  return obj.metadata
}
