// Identity fields read the way kyaml reads them: scalars as their text (`name: 5` is "5"). Anything that is
// not a scalar where kustomize expects one is reported instead of passed on, so no consumer ever meets an
// apiVersion, kind, name, namespace, label or annotation that is not a string.
import type {KObj} from './resid.js'

const scalar = (v: unknown) => typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'

/** Normalises in place; returns what is wrong when kustomize would refuse (or crash on) the object. */
export function normaliseIdentity(obj: KObj): string | undefined {
  for (const key of ['apiVersion', 'kind'] as const) {
    const v = obj[key] as unknown
    if (v === undefined || v === null) continue
    if (!scalar(v)) return `${key} must be a string`
    obj[key] = String(v)
  }
  const meta = obj.metadata as unknown
  if (meta === undefined || meta === null) return undefined
  if (typeof meta !== 'object' || Array.isArray(meta)) return 'metadata must be a mapping'
  const m = meta as Record<string, unknown>
  for (const key of ['name', 'namespace', 'generateName']) {
    if (m[key] === undefined || m[key] === null) continue
    if (!scalar(m[key])) return `metadata.${key} must be a string`
    m[key] = String(m[key])
  }
  for (const key of ['labels', 'annotations']) {
    const v = m[key]
    if (v === undefined || v === null) continue
    if (typeof v !== 'object' || Array.isArray(v)) return `metadata.${key} must be a mapping of strings`
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (x !== null && !scalar(x)) return `metadata.${key}.${k} must be a string`
      ;(v as Record<string, unknown>)[k] = x === null ? '' : String(x)
    }
  }
  return undefined
}
