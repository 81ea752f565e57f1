// One validator per answer, shared by the prompts and the flags: each returns why the answer cannot be used,
// or undefined. They see the existing clusters and the answers given so far, and refuse every collision.
import {nameProblem} from '../checks/mesh/CM201-invalid-cluster-name.js'
import {contains, type IpRange} from '../mesh/cidr.js'
import type {MeshCluster} from '../mesh/types.js'
import {collision, type Occupied, occupiedByAll, parseCidr, parseIp, parseRange, formatIp, prefixLength} from './address-space.js'
import type {Answers} from './types.js'

export interface Mesh {
  /** The clusters already in the repository (without the one being added). */
  clusters: readonly MeshCluster[]
  occupied: readonly Occupied[]
  maxId: number
}

export function meshOf(clusters: readonly MeshCluster[]): Mesh {
  const max = clusters.some((c) => c.clustermesh.maxConnectedClusters.known && Number(c.clustermesh.maxConnectedClusters.value) === 511)
  return {clusters, occupied: occupiedByAll(clusters), maxId: max ? 511 : 255}
}

const clusterNameOf = (c: MeshCluster) => (c.clusterName.known ? String(c.clusterName.value) : undefined)

export function validateName(name: string, mesh: Mesh): string | undefined {
  const problem = nameProblem(name, 1)
  if (problem) return `the cluster name ${problem}`
  const taken = mesh.clusters.find((c) => c.name === name || clusterNameOf(c) === name)
  if (taken) return `cluster ${name} already exists (${taken.entry})`
  return undefined
}

export function parseId(text: string): number | undefined {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : undefined
}

export function validateId(id: number | undefined, mesh: Mesh): string | undefined {
  if (id === undefined || !Number.isInteger(id)) return 'the cluster id must be a whole number'
  if (id < 1 || id > mesh.maxId) return `the cluster id must be in 1..${mesh.maxId} (0 turns ClusterMesh off)`
  const taken = mesh.clusters.find((c) => c.clusterId.known && Number(c.clusterId.value) === id)
  if (taken) return `cluster id ${id} is taken by ${taken.name}`
  return undefined
}

/** Comma- or space-separated CIDRs (dual stack: one per family). */
export function splitList(text: string): string[] {
  return text.split(/[\s,]+/).map((s) => s.trim()).filter(Boolean)
}

function networkProblem(text: string): string | undefined {
  const r = parseCidr(text)
  if (!r) return `${text} is not a CIDR (like 10.42.0.0/16)`
  const bits = Number(text.split('/')[1])
  const exact = `${formatIp(r.family, r.lo)}/${bits}`
  if (parseIp(text.split('/')[0]!)!.lo !== r.lo) return `${text} has host bits set; the network is ${exact}`
  return undefined
}

/** The new cluster's ranges given so far, so that later answers avoid earlier ones. */
function ownRanges(given: Partial<Answers>, except: 'pod' | 'service' | 'pool'): Occupied[] {
  const own = (what: string, texts: string[] | undefined, parse: (t: string) => IpRange | undefined) =>
    (texts ?? []).flatMap((t) => {
      const range = parse(t)
      return range ? [{cluster: given.name ?? 'the new cluster', what: `${what} ${t}`, range}] : []
    })
  return [
    ...(except === 'pod' ? [] : own('PodCIDR', given.podCIDRs, parseCidr)),
    ...(except === 'service' ? [] : own('ServiceCIDR', given.serviceCIDRs, parseCidr)),
    ...(except === 'pool' || !given.lbPool ? [] : own('LB pool', [given.lbPool], parseRange)),
  ]
}

export function validateCidrs(texts: string[], kind: 'pod' | 'service', mesh: Mesh, given: Partial<Answers>): string | undefined {
  if (texts.length === 0) return `give at least one ${kind === 'pod' ? 'PodCIDR' : 'ServiceCIDR'}`
  const taken = [...mesh.occupied, ...ownRanges(given, kind)]
  for (const text of texts) {
    const problem = networkProblem(text)
    if (problem) return problem
    const hit = collision(parseCidr(text)!, taken)
    if (hit) return `${text} overlaps ${hit}`
  }
  const families = texts.map((t) => parseCidr(t)!.family)
  if (new Set(families).size !== families.length) return 'give at most one CIDR per address family'
  return undefined
}

export function validatePool(text: string, mesh: Mesh, given: Partial<Answers>): string | undefined {
  const r = parseRange(text.trim())
  if (!r || (!text.includes('/') && !text.includes('-')))
    return `${text} is not a pool: give START-END (10.25.11.140-10.25.11.159) or a CIDR (10.25.12.0/27)`
  if (text.includes('/')) {
    const problem = networkProblem(text.trim())
    if (problem) return problem
  }
  const hit = collision(r, [...mesh.occupied, ...ownRanges(given, 'pool')])
  return hit ? `${text} overlaps ${hit}` : undefined
}

export function validateLbIp(text: string, mesh: Mesh, given: Partial<Answers>): string | undefined {
  const ip = parseIp(text)
  if (!ip) return `${text} is not an IP address`
  const pool = given.lbPool ? parseRange(given.lbPool) : undefined
  if (pool && !contains(pool, ip)) return `${text} is not inside the LB pool ${given.lbPool}`
  const hit = collision(ip, [...mesh.occupied, ...ownRanges(given, 'pool').filter((o) => !o.what.startsWith('LB pool'))])
  return hit ? `${text} collides with ${hit}` : undefined
}

export function validateSecretPath(text: string, others: readonly string[]): string | undefined {
  if (!text.trim()) return 'give the path of the mesh Secret in the secret store'
  if (/\s/.test(text)) return 'the secret path cannot contain spaces'
  if (others.includes(text)) return `${text} is the secret path of another cluster`
  return undefined
}

/** Pools the repository writes as CIDRs cannot take a START-END range that is not one. */
export function poolFitsStyle(text: string, asCidr: boolean): string | undefined {
  if (!asCidr || text.includes('/')) return undefined
  const r = parseRange(text)
  const bits = r && prefixLength(r)
  return bits !== undefined && r && r.lo % (r.hi - r.lo + 1n) === 0n
    ? undefined
    : `the repository writes LB pools as CIDRs and ${text} is not one; give a CIDR`
}
