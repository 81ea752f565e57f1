// kustomize's built-in transformers that rewrite fields: namespace, labels, annotations, name prefix/suffix,
// images and replicas. Each walks the built-in field specs and records where the written values came from.
import type {SourcePos} from '../types.js'
import {builtinConfig} from './builtin-config.js'
import {type FieldSpec, specApplies, walkFieldSpec} from './fieldspec.js'
import {type KResource, metadata, rememberId} from './resource.js'
import {gvkOf, isClusterScoped} from './resid.js'

/** NamespaceTransformer: metadata.namespace of namespaced kinds, the built-in specs, and RoleBinding subjects named "default". */
export function setNamespace(resources: KResource[], namespace: string, at: SourcePos): void {
  for (const r of resources) {
    const gvk = gvkOf(r.obj)
    rememberId(r)
    if (!isClusterScoped(gvk)) {
      metadata(r.obj).namespace = namespace
      r.prov.set(['metadata', 'namespace'], at)
    }
    for (const fs of builtinConfig().namespace) {
      // kustomize only renames a Namespace object whose apiVersion is exactly v1.
      if (fs.path === 'metadata/name' && r.obj.apiVersion !== 'v1') continue
      if (!specApplies(fs, gvk)) continue
      walkFieldSpec(r.obj, fs, (map, key, path) => {
        map[key] = namespace
        r.prov.set(path, at)
      })
    }
    if (gvk.kind === 'RoleBinding' || gvk.kind === 'ClusterRoleBinding') {
      const subjects = r.obj.subjects
      if (Array.isArray(subjects)) {
        subjects.forEach((s, i) => {
          if (s && typeof s === 'object' && (s as Record<string, unknown>).name === 'default') {
            ;(s as Record<string, unknown>).namespace = namespace
            r.prov.set(['subjects', i, 'namespace'], at)
          }
        })
      }
    }
  }
}

/** LabelTransformer / AnnotationsTransformer: sets each entry in every map the specs name. */
export function setMapEntries(resources: KResource[], entries: Record<string, string>, specs: FieldSpec[], at: (key: string) => SourcePos): void {
  const keys = Object.keys(entries).sort()
  if (keys.length === 0) return
  for (const r of resources) {
    const gvk = gvkOf(r.obj)
    for (const fs of specs) {
      if (!specApplies(fs, gvk)) continue
      walkFieldSpec(r.obj, fs, (map, field, path) => {
        let target = map[field]
        if (target === null || target === undefined) {
          if (!fs.create) return
          target = map[field] = {}
        }
        if (typeof target !== 'object' || Array.isArray(target)) return
        for (const k of keys) {
          ;(target as Record<string, unknown>)[k] = entries[k]
          r.prov.set([...path, k], at(k))
        }
      })
    }
  }
}

/** A spec list without duplicates (kustomize FsSlice.MergeAll keeps the first of equal specs). */
export function mergeSpecs(...lists: FieldSpec[][]): FieldSpec[] {
  const out: FieldSpec[] = []
  const seen = new Set<string>()
  for (const fs of lists.flat()) {
    const key = `${fs.group ?? ''}/${fs.version ?? ''}/${fs.kind ?? ''}/${fs.path}`
    if (seen.has(key)) continue
    seen.add(key)
    out.push(fs)
  }
  return out
}

const PREFIX_SKIP = (kind: string, group: string) =>
  kind === 'CustomResourceDefinition' || kind === 'Namespace' || (kind === 'APIService' && group === 'apiregistration.k8s.io')

/** PrefixTransformer / SuffixTransformer on metadata.name. */
export function addNameAffix(resources: KResource[], prefix: string, suffix: string, at: SourcePos): void {
  for (const r of resources) {
    const org = r.ids[0]!
    if (PREFIX_SKIP(org.kind, org.group)) continue
    const meta = metadata(r.obj)
    rememberId(r)
    meta.name = `${prefix}${meta.name ?? ''}${suffix}`
    if (prefix) (r.prefixes ??= []).push(prefix)
    if (suffix) (r.suffixes ??= []).push(suffix)
    r.prov.set(['metadata', 'name'], at)
  }
}

export interface ImageRule {
  name: string
  newName?: string
  newTag?: string
  digest?: string
  at: SourcePos
}

/** ImageTagTransformer on the built-in container image fields. */
export function setImages(resources: KResource[], rules: ImageRule[]): void {
  for (const r of resources) {
    const gvk = gvkOf(r.obj)
    for (const fs of builtinConfig().images) {
      if (!specApplies(fs, gvk)) continue
      walkFieldSpec(r.obj, {...fs, create: false}, (map, key, path) => {
        const image = map[key]
        if (typeof image !== 'string') return
        for (const rule of rules) {
          const next = applyImageRule(image, rule)
          if (next !== undefined) {
            map[key] = next
            r.prov.set(path, rule.at)
            return
          }
        }
      })
    }
  }
}

/** kustomize image matching: the name before ":tag" / "@digest" must equal the rule name. */
export function applyImageRule(image: string, rule: ImageRule): string | undefined {
  const at = image.indexOf('@')
  const base = at >= 0 ? image.slice(0, at) : image
  const colon = base.lastIndexOf(':')
  const hasTag = colon > base.lastIndexOf('/')
  const name = hasTag ? base.slice(0, colon) : base
  if (name !== rule.name) return undefined
  let tagPart = at >= 0 ? image.slice(at) : hasTag ? base.slice(colon) : ''
  if (rule.digest) tagPart = `@${rule.digest}`
  else if (rule.newTag) tagPart = `:${rule.newTag}`
  return `${rule.newName ?? name}${tagPart}`
}

/** ReplicaCountTransformer: spec.replicas of the named workloads. */
export function setReplicas(resources: KResource[], name: string, count: number, at: SourcePos): void {
  for (const r of resources) {
    if (r.ids[0]?.name !== name && r.obj.metadata?.name !== name) continue
    const gvk = gvkOf(r.obj)
    for (const fs of builtinConfig().replicas) {
      if (!specApplies(fs, gvk)) continue
      walkFieldSpec(r.obj, fs, (map, key, path) => {
        map[key] = count
        r.prov.set(path, at)
      })
    }
  }
}
