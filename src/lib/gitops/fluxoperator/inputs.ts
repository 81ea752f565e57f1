// flux-operator's input sets (internal/inputs): the ResourceSet's inline inputs and its ResourceSetInputProviders,
// combined by the Flatten (concatenate) or Permute (Cartesian product) strategy.
import {Unknown} from './sprig.js'

export const API_VERSION = 'fluxcd.controlplane.io/v1'
export const MAX_PERMUTATIONS = 10000

export interface ProviderInputs {
  kind: 'ResourceSet' | 'ResourceSetInputProvider'
  name: string
  namespace: string
  inputs: Record<string, unknown>[]
}

/** hash/adler32 as flux-operator's inputs.ID uses it, printed in decimal. */
export function adler32(s: string): string {
  let a = 1
  let b = 0
  for (const byte of Buffer.from(s, 'utf8')) {
    a = (a + byte) % 65521
    b = (b + a) % 65521
  }
  return String(((b << 16) | a) >>> 0)
}

/** inputs.normalizeObjectName: the key a provider's input set gets under the Permute strategy. */
export function normalizeName(name: string): string {
  return name
    .toLowerCase()
    .replaceAll('-', '_')
    .replace(/[^a-z0-9_]/g, '')
    .split('_')
    .filter(Boolean)
    .join('_')
}

/** Adds `provider` to each input set, as getFromProvider does. */
export function withProvider(p: ProviderInputs): Record<string, unknown>[] {
  return p.inputs.map((i) => ({...i, provider: {apiVersion: API_VERSION, kind: p.kind, name: p.name, namespace: p.namespace}}))
}

/** Flattener: the input sets of every provider, in order (the ResourceSet first, then the sorted providers). */
export function flatten(providers: ProviderInputs[]): Record<string, unknown>[] {
  return providers.flatMap(withProvider)
}

/**
 * Permuter: the Cartesian product of the providers' input sets, each scoped under the provider's normalized name,
 * with `id` = Adler-32 of "name=index/name=index…". Providers without inputs are skipped (includeEmptyProviders unset).
 */
export function permute(providers: ProviderInputs[]): {sets: Record<string, unknown>[]} | {error: string} {
  const scoped: {key: string; sets: Record<string, unknown>[]}[] = []
  let expected = 0
  for (const p of providers) {
    if (!p.inputs.length) continue
    expected = scoped.length === 0 ? p.inputs.length : expected * p.inputs.length
    if (expected > MAX_PERMUTATIONS) {
      return {error: `adding provider '${p.name}' with ${p.inputs.length} inputs would exceed the maximum allowed permutations. max: ${MAX_PERMUTATIONS}, got: ${expected}`}
    }
    const key = normalizeName(p.name)
    if (!key) return {error: `normalized provider name is empty: '${p.name}'`}
    scoped.push({key, sets: withProvider(p)})
  }
  const out: Record<string, unknown>[] = []
  const walk = (i: number, picked: number[]): void => {
    if (i === scoped.length) {
      if (!scoped.length) return
      const perm: Record<string, unknown> = {}
      const id: string[] = []
      picked.forEach((idx, j) => {
        perm[scoped[j]!.key] = scoped[j]!.sets[idx]
        id.push(`${scoped[j]!.key}=${idx}`)
      })
      perm.id = adler32(id.join('/'))
      out.push(perm)
      return
    }
    scoped[i]!.sets.forEach((_, idx) => walk(i + 1, [...picked, idx]))
  }
  walk(0, [])
  return {sets: out}
}

/** The one input set a Static ResourceSetInputProvider exports: its defaultValues plus an id only the cluster knows. */
export function staticInputs(namespace: string, name: string, defaults: unknown): Record<string, unknown>[] {
  const values = defaults && typeof defaults === 'object' && !Array.isArray(defaults) ? (defaults as Record<string, unknown>) : {}
  return [{...structuredClone(values), id: new Unknown(`inputs.id of the Static ResourceSetInputProvider ${namespace}/${name} is the Adler-32 checksum of its UID, known only in the cluster`)}]
}
