// The facts of one cluster that show up in settings values, and how a value written for one cluster is
// rewritten for another: the same role, the other cluster's fact (its CIDRs, pool, address, name …).
import {contains, type IpRange, parseCidrList} from '../mesh/cidr.js'
import type {MeshCluster} from '../mesh/types.js'
import {formatIp, parseCidr, parseIp, parseRange, poolVariables} from './address-space.js'
import {renameTokens} from './tokens.js'

export interface ClusterFacts {
  /** Repository cluster name (its directory). */
  name: string
  id?: number
  podCIDRs: string[]
  serviceCIDRs: string[]
  pool?: IpRange
  lbIP?: string
  fqdn?: string
  secretPath?: string
}

const known = <T>(f: {known: boolean; value?: T}): T | undefined => (f.known ? f.value : undefined)

/** The secret-store path of the cluster's own mesh Secret (an ExternalSecret's remote key). */
export function secretPathOf(c: MeshCluster): string | undefined {
  for (const p of c.meshSecrets) if (p.kind === 'ExternalSecret' && p.secret === 'cilium-clustermesh') return p.externalSecret?.remoteKeys[0]?.key
  return undefined
}

/** The cluster's own LB pool: the one holding its clustermesh-apiserver address, else the first one it has. */
function ownPool(c: MeshCluster, lbIP: string | undefined): IpRange | undefined {
  const pools = [
    ...c.lbPools.filter((p) => !p.disabled).flatMap((p) => p.blocks.map((b) => parseRange(b.text))),
    ...poolVariables(c).map((p) => parseRange(`${p.start}-${p.stop}`)),
  ].filter((r): r is IpRange => r !== undefined)
  const ip = lbIP ? parseIp(lbIP) : undefined
  return pools.find((p) => ip && contains(p, ip)) ?? pools[0]
}

export function factsOf(c: MeshCluster): ClusterFacts {
  const id = known(c.clusterId)
  const lbIP = known(c.clustermesh.lbIPs)?.[0]?.ip
  const pool = ownPool(c, lbIP)
  return {
    name: c.name,
    ...(typeof id === 'number' ? {id} : {}),
    podCIDRs: (known(c.podCIDRs) ?? []).map((x) => x.cidr),
    serviceCIDRs: (known(c.serviceCIDRs) ?? []).map((x) => x.cidr),
    ...(pool ? {pool} : {}),
    ...(lbIP ? {lbIP} : {}),
    ...(c.clustermesh.fqdn.known ? {fqdn: c.clustermesh.fqdn.value} : {}),
    ...(secretPathOf(c) ? {secretPath: secretPathOf(c)} : {}),
  }
}

const sameList = (a: string[], b: string[]) => a.length > 0 && a.length === b.length && a.every((x, i) => x === b[i])

/** Writes a CIDR list the way the original value was written: JSON array string, or comma-separated. */
export function formatCidrList(original: string, cidrs: string[]): string {
  const t = original.trim()
  if (t.startsWith('[')) return JSON.stringify(cidrs)
  return cidrs.join(t.includes(', ') ? ', ' : ',')
}

/** An address at the same offset in another range, else the first free one there. */
export function translateIp(ip: IpRange, from: IpRange, to: IpRange, used: Set<string>): string | undefined {
  const offset = ip.lo - from.lo
  const candidates = [to.lo + offset]
  for (let v = to.lo; v <= to.hi && candidates.length < 4096; v++) candidates.push(v)
  for (const v of candidates) {
    if (v < to.lo || v > to.hi) continue
    const text = formatIp(to.family, v)
    if (!used.has(text)) {
      used.add(text)
      return text
    }
  }
  return undefined
}

export interface MapOptions {
  /** Addresses already given out in the target cluster (the clustermesh-apiserver address first). */
  used: Set<string>
  /** Addresses already moved: one source address always lands on the same new one. */
  moved?: Map<string, string>
}

/**
 * The value for `to` of a setting written for `from`: its fact by role (name, CIDR list, address, FQDN,
 * secret path, an address at the same offset in the new ranges), else the name swapped inside the text.
 */
export function mapValue(value: string, from: ClusterFacts, to: ClusterFacts, options: MapOptions): string {
  const v = value.trim()
  if (v === from.name) return to.name
  if (from.fqdn && v === from.fqdn && to.fqdn) return to.fqdn
  if (from.secretPath && v === from.secretPath && to.secretPath) return to.secretPath
  if (from.lbIP && v === from.lbIP && to.lbIP) return to.lbIP
  const list = parseCidrList(v)
  if (list.invalid.length === 0 && list.cidrs.length > 0) {
    if (sameList(list.cidrs, from.podCIDRs)) return formatCidrList(v, to.podCIDRs)
    if (sameList(list.cidrs, from.serviceCIDRs)) return formatCidrList(v, to.serviceCIDRs)
  }
  const ip = parseIp(v)
  const moved = options.moved?.get(v)
  if (moved) return moved
  if (ip) {
    for (const [a, b] of rangePairs(from, to)) {
      if (!contains(a, ip)) continue
      const next = translateIp(ip, a, b, options.used)
      if (next) options.moved?.set(v, next)
      return next ?? value
    }
  }
  return renameTokens(value, from.name, to.name)
}

function rangePairs(from: ClusterFacts, to: ClusterFacts): [IpRange, IpRange][] {
  const pairs: [IpRange, IpRange][] = []
  if (from.pool && to.pool) pairs.push([from.pool, to.pool])
  const cidrs = (a: string[], b: string[]) =>
    a.forEach((x, i) => {
      const ra = parseCidr(x)
      const rb = b[i] === undefined ? undefined : parseCidr(b[i]!)
      if (ra && rb && ra.family === rb.family) pairs.push([ra, rb])
    })
  cidrs(from.serviceCIDRs, to.serviceCIDRs)
  cidrs(from.podCIDRs, to.podCIDRs)
  return pairs
}
