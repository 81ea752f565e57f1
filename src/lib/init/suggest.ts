// Suggested answers, each computed from the mesh and the answers given so far: the lowest free id, the next
// free CIDR blocks of the size the other clusters use, the next free LB pool, the address at the template's
// offset in it, the template's secret path with the new name. Facts read from the new cluster win.
import {contains, type IpRange} from '../mesh/cidr.js'
import type {MeshCluster} from '../mesh/types.js'
import {cidrText, formatIp, nextFreeCidr, nextFreePool, parseCidr, parseIp, parseRange, poolText, prefixLength} from './address-space.js'
import {factsOf} from './facts.js'
import {renameTokens} from './tokens.js'
import type {Answers} from './types.js'
import {type Mesh, validateCidrs, validateId, validateLbIp, validatePool} from './validate.js'

/** What a kube context says about the new cluster (any part may be missing). */
export interface LiveFacts {
  context: string
  clusterName?: string
  clusterId?: number
  /** Cilium cluster-pool CIDRs (exact) or, failing those, the nodes' PodCIDRs (to be covered). */
  podCIDRs?: string[]
  nodePodCIDRs?: string[]
  serviceCIDRs?: string[]
}

function mostCommon<T>(values: T[]): T | undefined {
  const counts = new Map<T, number>()
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1)
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0]
}

export function suggestId(mesh: Mesh, live?: LiveFacts): number | undefined {
  if (live?.clusterId !== undefined && !validateId(live.clusterId, mesh)) return live.clusterId
  for (let id = 1; id <= mesh.maxId; id++) if (!validateId(id, mesh)) return id
  return undefined
}

const ranges = (texts: string[]) => texts.map(parseCidr).filter((r): r is IpRange => r !== undefined)

/** The smallest block of the usual size (or larger) that covers every node's PodCIDR. */
function covering(nodeCIDRs: string[], bits: number): string | undefined {
  const rs = ranges(nodeCIDRs)
  if (rs.length === 0) return undefined
  const family = rs[0]!.family
  for (let b = bits; b >= 0; b--) {
    const size = 1n << BigInt((family === 4 ? 32 : 128) - b)
    const lo = (rs[0]!.lo / size) * size
    const block = {family, lo, hi: lo + size - 1n, text: ''}
    if (rs.every((r) => contains(block, r))) return cidrText(family, lo, b)
  }
  return undefined
}

export function suggestCidrs(kind: 'pod' | 'service', mesh: Mesh, given: Partial<Answers>, live?: LiveFacts): string[] | undefined {
  const liveExact = kind === 'pod' ? live?.podCIDRs : live?.serviceCIDRs
  if (liveExact?.length && !validateCidrs(liveExact, kind, mesh, given)) return liveExact
  const existing = ranges(mesh.clusters.flatMap((c) => (kind === 'pod' ? factsOf(c).podCIDRs : factsOf(c).serviceCIDRs)))
  const bits = mostCommon(existing.map(prefixLength).filter((b): b is number => b !== undefined)) ?? 16
  if (kind === 'pod' && live?.nodePodCIDRs?.length) {
    const cover = covering(live.nodePodCIDRs, bits)
    if (cover && !validateCidrs([cover], kind, mesh, given)) return [cover]
  }
  const own = [...(given.podCIDRs ?? []), ...(given.serviceCIDRs ?? [])].map(parseCidr).filter((r): r is IpRange => r !== undefined)
  const next = nextFreeCidr(existing, bits, [...mesh.occupied.map((o) => o.range), ...own])
  return next ? [next] : undefined
}

/** Whether the repository writes its pools as CIDRs (blocks with cidr:, or a pool variable holding a CIDR). */
export function poolsAsCidr(clusters: readonly MeshCluster[]): boolean {
  const blocks = clusters.flatMap((c) => c.lbPools.flatMap((p) => p.blocks.map((b) => b.text)))
  return blocks.length > 0 && blocks.every((b) => b.includes('/'))
}

export function suggestPool(mesh: Mesh, given: Partial<Answers>): string | undefined {
  const pools = mesh.clusters.map((c) => factsOf(c).pool).filter((p): p is IpRange => p !== undefined)
  const size = mostCommon(pools.map((p) => p.hi - p.lo + 1n))
  if (size === undefined) return undefined
  const own = [...(given.podCIDRs ?? []), ...(given.serviceCIDRs ?? [])].map(parseCidr).filter((r): r is IpRange => r !== undefined)
  const next = nextFreePool(pools, size, [...mesh.occupied.map((o) => o.range), ...own])
  const text = next && poolText(next, poolsAsCidr(mesh.clusters))
  return text && !validatePool(text, mesh, given) ? text : undefined
}

/** The address at the template's offset in its pool, moved into the new pool. */
export function suggestLbIp(mesh: Mesh, template: MeshCluster | undefined, given: Partial<Answers>): string | undefined {
  const pool = given.lbPool ? parseRange(given.lbPool) : undefined
  if (!pool) return undefined
  const t = template && factsOf(template)
  const ip = t?.lbIP ? parseIp(t.lbIP) : undefined
  const offset = t?.pool && ip && contains(t.pool, ip) ? ip.lo - t.pool.lo : 0n
  for (let v = pool.lo + offset, n = 0n; n <= pool.hi - pool.lo; n++, v = v >= pool.hi ? pool.lo : v + 1n) {
    const text = formatIp(pool.family, v)
    if (!validateLbIp(text, mesh, given)) return text
  }
  return undefined
}

export function suggestSecretPath(template: MeshCluster | undefined, name: string | undefined): string | undefined {
  const path = template && factsOf(template).secretPath
  if (!path || !name) return undefined
  const renamed = renameTokens(path, template.name, name)
  return renamed === path ? undefined : renamed
}
