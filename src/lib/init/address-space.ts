// The address space the mesh already uses, and free blocks in it: what a new cluster's CIDRs, LB pool and
// clustermesh-apiserver address must stay clear of (every cluster's PodCIDRs, ServiceCIDRs, node networks,
// LB pools and pinned addresses).
import {type IpRange, overlaps, parseBlock, parseCidr, parseIp, parseRange} from '../mesh/cidr.js'
import type {MeshCluster} from '../mesh/types.js'

export interface Occupied {
  cluster: string
  what: string
  range: IpRange
}

const POOL_START = /^(.*POOL.*)_(START|BEGIN|FIRST)$/
const POOL_END = /^(.*POOL.*)_(END|STOP|LAST)$/

/** LB pools declared only through settings variables (CILIUM_LB_POOL_START/END), for clusters whose pool did not render. */
export function poolVariables(c: MeshCluster): {start: string; stop: string; startVar: string; stopVar: string}[] {
  const out = []
  for (const [name, v] of c.variables) {
    const m = POOL_START.exec(name)
    if (!m || v.unknown) continue
    const end = [...c.variables].find(([n]) => POOL_END.exec(n)?.[1] === m[1])
    if (end && !end[1].unknown) out.push({start: v.value, stop: end[1].value, startVar: name, stopVar: end[0]})
  }
  return out
}

export function occupiedBy(c: MeshCluster): Occupied[] {
  const out: Occupied[] = []
  const add = (what: string, range: IpRange | undefined) => range && out.push({cluster: c.name, what, range})
  for (const [what, fact] of [['PodCIDR', c.podCIDRs], ['ServiceCIDR', c.serviceCIDRs], ['node network', c.nodeCIDRs]] as const)
    if (fact.known) for (const x of fact.value) add(`${what} ${x.cidr}`, parseCidr(x.cidr))
  for (const pool of c.lbPools.filter((p) => !p.disabled))
    for (const b of pool.blocks) add(`LB pool ${pool.name} (${b.text})`, parseRange(b.text))
  for (const p of poolVariables(c)) add(`LB pool ${p.start}-${p.stop} (${p.startVar}/${p.stopVar})`, parseBlock({start: p.start, stop: p.stop}))
  if (c.clustermesh.lbIPs.known) for (const x of c.clustermesh.lbIPs.value) add(`clustermesh-apiserver address ${x.ip}`, parseIp(x.ip))
  return out
}

export function occupiedByAll(clusters: readonly MeshCluster[]): Occupied[] {
  return clusters.flatMap(occupiedBy)
}

/** The first thing the range collides with, as "<what> of <cluster>". */
export function collision(range: IpRange, taken: readonly Occupied[]): string | undefined {
  const hit = taken.find((o) => overlaps(o.range, range))
  return hit && `${hit.what} of ${hit.cluster}`
}

const WIDTH = {4: 32n, 6: 128n} as const

export function formatIp(family: 4 | 6, value: bigint): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 255n)).join('.')
  const groups = Array.from({length: 8}, (_, i) => ((value >> BigInt((7 - i) * 16)) & 0xffffn).toString(16))
  // Longest run of zero groups becomes "::" (RFC 5952).
  let best = {at: -1, len: 0}
  for (let i = 0; i < 8; ) {
    let j = i
    while (j < 8 && groups[j] === '0') j++
    if (j - i > best.len && j - i > 1) best = {at: i, len: j - i}
    i = j === i ? i + 1 : j
  }
  if (best.at < 0) return groups.join(':')
  return `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.len).join(':')}`
}

export const cidrText = (family: 4 | 6, lo: bigint, bits: number) => `${formatIp(family, lo)}/${bits}`

export function prefixLength(r: IpRange): number | undefined {
  const size = r.hi - r.lo + 1n
  const bits = size.toString(2).length - 1
  return 1n << BigInt(bits) === size ? Number(WIDTH[r.family]) - bits : undefined
}

/**
 * Free aligned CIDR blocks of a given prefix length: first the one that continues the progression the
 * existing blocks follow (10.10/16, 10.20/16 → 10.30/16), then the first free one from the lowest base up.
 */
export function nextFreeCidr(existing: readonly IpRange[], bits: number, taken: readonly IpRange[]): string | undefined {
  const family = existing[0]?.family ?? 4
  const size = 1n << (WIDTH[family] - BigInt(bits))
  const free = (lo: bigint) => lo >= 0n && lo + size - 1n < 1n << WIDTH[family] && !taken.some((t) => overlaps(t, {family, lo, hi: lo + size - 1n, text: ''}))
  const sorted = [...existing].filter((r) => r.family === family).sort((a, b) => (a.lo < b.lo ? -1 : 1))
  const step = progression(sorted.map((r) => r.lo))
  if (step !== undefined && step % size === 0n) {
    const next = sorted.at(-1)!.lo + step
    if (free(next)) return cidrText(family, next, bits)
  }
  const base = sorted[0] ? (sorted[0].lo / size) * size : family === 4 ? 10n << 24n : 0n
  for (let lo = base, n = 0; n < 1 << 16; lo += size, n++) if (free(lo)) return cidrText(family, lo, bits)
  return undefined
}

/** The common difference of ≥2 increasing values, when they have one. */
function progression(values: bigint[]): bigint | undefined {
  if (values.length < 2) return undefined
  const step = values[1]! - values[0]!
  if (step <= 0n) return undefined
  return values.every((v, i) => i === 0 || v - values[i - 1]! === step) ? step : undefined
}

/** The next free run of `size` addresses after the existing pools (continuing their progression when they have one). */
export function nextFreePool(existing: readonly IpRange[], size: bigint, taken: readonly IpRange[]): IpRange | undefined {
  const sorted = [...existing].sort((a, b) => (a.lo < b.lo ? -1 : 1))
  if (sorted.length === 0) return undefined
  const family = sorted[0]!.family
  const fits = (lo: bigint) => !taken.some((t) => overlaps(t, {family, lo, hi: lo + size - 1n, text: ''}))
  const step = progression(sorted.map((r) => r.lo))
  const candidates = [...(step === undefined ? [] : [sorted.at(-1)!.lo + step]), sorted.at(-1)!.hi + 1n]
  for (const lo of candidates) if (fits(lo)) return {family, lo, hi: lo + size - 1n, text: ''}
  for (let lo = sorted.at(-1)!.hi + 1n, n = 0; n < 1 << 16; lo += size, n++) if (fits(lo)) return {family, lo, hi: lo + size - 1n, text: ''}
  return undefined
}

export const poolText = (r: IpRange, asCidr: boolean): string => {
  const bits = prefixLength(r)
  const aligned = bits !== undefined && r.lo % (r.hi - r.lo + 1n) === 0n
  return asCidr && aligned ? cidrText(r.family, r.lo, bits) : `${formatIp(r.family, r.lo)}-${formatIp(r.family, r.hi)}`
}

export {parseCidr, parseIp, parseRange}
