// After prefixes, suffixes and hashes renamed objects, fix the fields that refer to them by name
// (kustomize's nameReference transformer over its built-in configuration).
import {builtinConfig, type NameReference} from './builtin-config.js'
import {specApplies, walkFieldSpec} from './fieldspec.js'
import {currentId, type KResource} from './resource.js'
import {effectiveNamespace, gvkOf, isClusterScoped, type ResId} from './resid.js'

interface Renamed {
  res: KResource
  cur: ResId
  oldNames: Set<string>
}

export function fixNameReferences(resources: KResource[]): void {
  const renamed: Renamed[] = []
  for (const res of resources) {
    const cur = currentId(res)
    const oldNames = new Set(res.ids.map((i) => i.name).filter((n) => n !== cur.name))
    if (oldNames.size) renamed.push({res, cur, oldNames})
  }
  if (renamed.length === 0) return
  for (const ref of builtinConfig().nameReference) {
    const targets = renamed.filter((r) => referralMatches(ref, r.cur))
    if (targets.length === 0) continue
    for (const referrer of resources) {
      const gvk = gvkOf(referrer.obj)
      for (const fs of ref.fieldSpecs) {
        if (!specApplies(fs, gvk)) continue
        walkFieldSpec(referrer.obj, {...fs, create: false}, (map, key) => {
          map[key] = rewrite(map[key], ref.kind, targets, currentId(referrer))
        })
      }
    }
  }
}

function referralMatches(ref: NameReference, id: ResId): boolean {
  return id.kind === ref.kind && (!ref.group || ref.group === id.group) && (!ref.version || ref.version === id.version)
}

function rewrite(value: unknown, kind: string, targets: Renamed[], referrer: ResId): unknown {
  if (typeof value === 'string') return pick(value, targets, referrer, undefined) ?? value
  if (Array.isArray(value)) return value.map((v) => rewrite(v, kind, targets, referrer))
  if (value && typeof value === 'object') {
    // A reference object such as a RoleBinding subject: {kind, name, namespace}.
    const o = value as Record<string, unknown>
    if (typeof o.name === 'string' && (o.kind === undefined || o.kind === kind)) {
      const ns = typeof o.namespace === 'string' ? o.namespace : undefined
      const name = pick(o.name, targets, referrer, ns)
      if (name !== undefined) return {...o, name}
    }
  }
  return value
}

/** The new name of the object `name` refers to, preferring one in the referrer's namespace. */
function pick(name: string, targets: Renamed[], referrer: ResId, explicitNs: string | undefined): string | undefined {
  const candidates = targets.filter((t) => t.oldNames.has(name))
  if (candidates.length === 0) return undefined
  const wantNs = explicitNs ?? (isClusterScoped(referrer) ? undefined : effectiveNamespace(referrer))
  const sameNs = candidates.filter((t) => isClusterScoped(t.cur) || wantNs === undefined || effectiveNamespace(t.cur) === (wantNs || 'default'))
  return sameNs.length === 1 ? sameNs[0]!.cur.name : undefined
}
