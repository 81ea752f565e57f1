// Names people use for their clusters: a cluster-name variable of the entry, else the entry directory without the
// generic parts of GitOps layouts (`k8s/clusters/east/flux` is `east`, `clusters/x/flux-system` is `x`).
import type {Variable} from '../types.js'

/** Path parts that say "this is where GitOps lives", never which cluster. */
const GENERIC = new Set(['flux', 'flux-system', 'cluster', 'clusters', 'base', 'overlays', 'kubernetes', 'k8s', 'gitops', 'deploy', 'fleet'])

/** Settings variables that hold the cluster's name, in order of preference. */
export const CLUSTER_NAME_VARIABLES = ['CILIUM_CLUSTER_NAME', 'CLUSTER_NAME', 'CLUSTER', 'KUBE_CLUSTER_NAME', 'cluster_name', 'clusterName']

/** A lower-case DNS label, as cluster names must be. */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/

/** A DNS-label form of a name, or undefined when nothing usable is left. */
export function asLabel(raw: string): string | undefined {
  const s = raw.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 63).replace(/-+$/, '')
  return DNS_LABEL.test(s) ? s : undefined
}

/** The name a directory gives a cluster: its last part that is not generic; `fallback` when all are. */
export function nameFromDirectory(dir: string, fallback: string): string {
  const parts = dir.split('/').filter(Boolean)
  for (let i = parts.length - 1; i >= 0; i--) {
    if (!GENERIC.has(parts[i]!.toLowerCase())) return asLabel(parts[i]!) ?? fallback
  }
  return fallback
}

/** The value of the first cluster-name variable that is defined with a known, usable value. */
export function nameFromVariables(vars: ReadonlyMap<string, Variable>): {name: string; variable: string} | undefined {
  for (const v of CLUSTER_NAME_VARIABLES) {
    const hit = vars.get(v)
    if (!hit || hit.unknown || hit.value.includes('${')) continue
    const name = asLabel(hit.value)
    if (name) return {name, variable: v}
  }
  return undefined
}

/** Makes names unique: a second `prod` becomes the entry path in label form, then a counter. */
export function uniqueNames<T extends {name: string; entry: string}>(list: T[]): void {
  const count = new Map<string, number>()
  for (const e of list) count.set(e.name, (count.get(e.name) ?? 0) + 1)
  const used = new Set<string>()
  for (const e of list) {
    if ((count.get(e.name) ?? 0) > 1) e.name = asLabel(e.entry.replaceAll('/', '-')) ?? e.name
    let name = e.name
    for (let i = 2; used.has(name); i++) name = `${e.name}-${i}`
    e.name = name
    used.add(name)
  }
}
