// Address arithmetic for CIDRs, single addresses and start-stop blocks (IPv4 and IPv6), on ipaddr.js.
import ipaddr from 'ipaddr.js'

export interface IpRange {
  family: 4 | 6
  lo: bigint
  hi: bigint
  text: string
}

type Addr = ipaddr.IPv4 | ipaddr.IPv6

function toBigInt(addr: Addr): bigint {
  return addr.toByteArray().reduce((acc, byte) => (acc << 8n) | BigInt(byte), 0n)
}

const familyOf = (addr: Addr): 4 | 6 => (addr.kind() === 'ipv4' ? 4 : 6)
const width = (family: 4 | 6) => (family === 4 ? 32n : 128n)

/** Strict parse: IPv4 only in dotted four-part form ("10" or "0x0a000001" are not addresses here). */
function parseAddr(text: string): Addr | undefined {
  const t = text.trim()
  if (ipaddr.IPv4.isValidFourPartDecimal(t)) return ipaddr.IPv4.parse(t)
  if (ipaddr.IPv6.isValid(t)) return ipaddr.IPv6.parse(t)
  return undefined
}

export function parseIp(text: string): IpRange | undefined {
  const addr = parseAddr(text)
  if (!addr) return undefined
  const v = toBigInt(addr)
  return {family: familyOf(addr), lo: v, hi: v, text: text.trim()}
}

// Pairwise checks compare every cluster with every other (Cilium allows 511): each CIDR text is parsed once.
const parsedCidrCache = new Map<string, IpRange | undefined>()

export function parseCidr(text: string): IpRange | undefined {
  if (parsedCidrCache.has(text)) {
    const hit = parsedCidrCache.get(text)
    return hit && {...hit}
  }
  const parsed = parseCidrUncached(text)
  if (parsedCidrCache.size > 100_000) parsedCidrCache.clear()
  parsedCidrCache.set(text, parsed)
  return parsed && {...parsed}
}

function parseCidrUncached(text: string): IpRange | undefined {
  const t = text.trim()
  const slash = t.indexOf('/')
  if (slash < 0) return undefined
  const addr = parseAddr(t.slice(0, slash))
  const bitsText = t.slice(slash + 1)
  if (!addr || !/^\d{1,3}$/.test(bitsText)) return undefined
  const family = familyOf(addr)
  const bits = BigInt(bitsText)
  if (bits > width(family)) return undefined
  const hostBits = width(family) - bits
  const size = 1n << hostBits
  const lo = (toBigInt(addr) >> hostBits) << hostBits
  return {family, lo, hi: lo + size - 1n, text: t}
}

/** A CiliumLoadBalancerIPPool block: {start, stop} (stop defaults to start) or {cidr}. */
export function parseBlock(block: {start?: string; stop?: string; cidr?: string}): IpRange | undefined {
  if (block.cidr !== undefined) return parseCidr(block.cidr)
  if (block.start === undefined) return undefined
  const start = parseIp(block.start)
  const stop = parseIp(block.stop ?? block.start)
  if (!start || !stop || start.family !== stop.family || stop.lo < start.lo) return undefined
  return {family: start.family, lo: start.lo, hi: stop.hi, text: `${block.start}-${block.stop ?? block.start}`}
}

/** "a/n", "start-stop" or a single address. */
export function parseRange(text: string): IpRange | undefined {
  if (text.includes('/')) return parseCidr(text)
  const dash = text.indexOf('-')
  if (dash > 0) return parseBlock({start: text.slice(0, dash), stop: text.slice(dash + 1)})
  return parseIp(text)
}

export const overlaps = (a: IpRange, b: IpRange) => a.family === b.family && a.lo <= b.hi && b.lo <= a.hi

export const contains = (outer: IpRange, inner: IpRange) =>
  outer.family === inner.family && outer.lo <= inner.lo && inner.hi <= outer.hi

/** Whether every address of inner lies in the union of outers. */
export function coveredBy(inner: IpRange, outers: readonly IpRange[]): boolean {
  let next = inner.lo
  const sorted = outers.filter((o) => o.family === inner.family).sort((a, b) => (a.lo < b.lo ? -1 : a.lo > b.lo ? 1 : 0))
  for (const o of sorted) {
    if (o.lo > next) break
    if (o.hi >= next) next = o.hi + 1n
    if (next > inner.hi) return true
  }
  return next > inner.hi
}

/**
 * CIDR lists as settings write them: a YAML list, a JSON array string ('["10.244.0.0/16"]'),
 * or a comma/space separated string. Returns the entries and those that are not CIDRs.
 */
export function parseCidrList(raw: unknown): {cidrs: string[]; invalid: string[]} {
  let items: unknown[]
  if (Array.isArray(raw)) items = raw
  else if (typeof raw === 'string') {
    const t = raw.trim()
    if (t.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(t)
        items = Array.isArray(parsed) ? parsed : [t]
      } catch {
        items = t.slice(1, t.endsWith(']') ? -1 : undefined).split(/[\s,]+/).map((s) => s.replace(/^["']|["']$/g, ''))
      }
    } else items = t.split(/[\s,]+/)
  } else items = raw === undefined || raw === null ? [] : [raw]
  const cidrs: string[] = []
  const invalid: string[] = []
  for (const item of items) {
    const s = String(item).trim()
    if (!s) continue
    if (parseCidr(s)) cidrs.push(s)
    else invalid.push(s)
  }
  return {cidrs, invalid}
}
