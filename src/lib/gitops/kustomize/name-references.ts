// After prefixes, suffixes and hashes renamed objects, fix the fields that refer to them by name
// (kustomize's nameReference transformer, api/filters/nameref, over its built-in configuration).
import {builtinConfig, type NameReference} from './builtin-config.js'
import {specApplies, walkFieldSpec} from './fieldspec.js'
import {currentId, type KResource} from './resource.js'
import {effectiveNamespace, gvkOf, isClusterScoped, type ResId} from './resid.js'

export function fixNameReferences(resources: KResource[]): void {
  const renamed = resources.some((r) => r.ids.some((i) => i.name !== currentId(r).name))
  if (!renamed) return
  for (const ref of builtinConfig().nameReference) {
    const referrals = resources.filter((r) => r.ids.some((i) => referralMatches(ref, i)) || referralMatches(ref, currentId(r)))
    if (!referrals.some((r) => r.ids.some((i) => i.name !== currentId(r).name))) continue
    for (const referrer of resources) {
      const gvk = gvkOf(referrer.obj)
      for (const fs of ref.fieldSpecs) {
        if (!specApplies(fs, gvk)) continue
        walkFieldSpec(referrer.obj, {...fs, create: false}, (map, key) => {
          map[key] = rewrite(map[key], ref.kind, referrals, referrer)
        })
      }
    }
  }
}

function referralMatches(ref: NameReference, id: ResId): boolean {
  return id.kind === ref.kind && (!ref.group || ref.group === id.group) && (!ref.version || ref.version === id.version)
}

function rewrite(value: unknown, kind: string, referrals: KResource[], referrer: KResource): unknown {
  if (typeof value === 'string') {
    const target = select(value, referrals, referrer, undefined)
    return target ? currentId(target).name : value
  }
  if (Array.isArray(value)) return value.map((v) => rewrite(v, kind, referrals, referrer))
  if (value && typeof value === 'object') {
    // A reference object such as a RoleBinding subject: {kind, name, namespace}.
    const o = value as Record<string, unknown>
    if (typeof o.name === 'string' && (o.kind === undefined || o.kind === kind)) {
      const target = select(o.name, referrals, referrer, typeof o.namespace === 'string' ? o.namespace : undefined)
      if (!target) return value
      const cur = currentId(target)
      // kustomize writes the referral's namespace too (RoleBinding subjects get it even when they had none).
      return {...o, name: cur.name, ...(cur.namespace && !isClusterScoped(cur) ? {namespace: cur.namespace} : {})}
    }
  }
  return value
}

/** nameref selectReferral: old name, then namespace, then the same prefixes/suffixes as the referrer. */
function select(oldName: string, referrals: KResource[], referrer: KResource, explicitNs: string | undefined): KResource | undefined {
  let c = referrals.filter((r) => r.ids.some((i) => i.name === oldName))
  const me = currentId(referrer)
  if (explicitNs !== undefined) c = c.filter((r) => isClusterScoped(currentId(r)) || effectiveNamespace(currentId(r)) === (explicitNs || 'default'))
  else if (!isClusterScoped(me)) {
    c = c.filter((r) => isClusterScoped(currentId(r)) || currentId(r).kind === 'ServiceAccount' || effectiveNamespace(currentId(r)) === effectiveNamespace(me))
  }
  if (c.length === 1) return c[0]
  c = c.filter((r) => affixesMatch(r, referrer, true))
  if (c.length > 1) c = c.filter((r) => affixesMatch(r, referrer, false))
  return c.length === 1 ? c[0] : undefined
}

function affixesMatch(a: KResource, b: KResource, allowEmpty: boolean): boolean {
  const same = (x: string[] = [], y: string[] = []) => (allowEmpty && (x.length === 0 || y.length === 0)) || sameEnding(x, y)
  return same(a.prefixes, b.prefixes) && same(a.suffixes, b.suffixes)
}

/** kustomize utils.SameEndingSubSlice: the shorter list is the end of the longer one. */
function sameEnding(x: string[], y: string[]): boolean {
  const n = Math.min(x.length, y.length)
  if (n === 0) return x.length === y.length
  for (let i = 1; i <= n; i++) if (x[x.length - i] !== y[y.length - i]) return false
  return true
}
