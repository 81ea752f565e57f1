// Shared helpers of the CM2xx checks: who is in the mesh, pairs, unknown facts → skip.
import type {Check, CheckContext} from '../engine.js'
import {type IpRange, parseCidr} from '../../mesh/cidr.js'
import type {Fact} from '../../mesh/fact.js'
import type {Cidr, MeshCluster, MeshModel} from '../../mesh/types.js'

export type MeshCheck = Check<MeshModel>

export const withCilium = (model: MeshModel) => model.clusters.filter((c) => c.cilium)

/** The cluster.name Cilium uses (falls back to the repository name when unknown). */
export const meshName = (m: MeshCluster) =>
  m.clusterName.known && typeof m.clusterName.value === 'string' && m.clusterName.value ? m.clusterName.value : m.name

/**
 * Whether a cluster takes part in ClusterMesh: runs the clustermesh-apiserver, lists peers, carries a mesh Secret
 * from outside the chart, or is listed as a peer by another cluster. undefined when it cannot be told.
 */
export function inMesh(m: MeshCluster, model: MeshModel): boolean | undefined {
  if (!m.cilium) return false
  const cm = m.clustermesh
  if (cm.useAPIServer.known && cm.useAPIServer.value) return true
  if (cm.peers.known && cm.peers.value.length > 0 && cm.configEnabled.known && cm.configEnabled.value) return true
  if (m.meshSecrets.some((p) => p.kind !== 'chart')) return true
  const name = meshName(m)
  if (model.clusters.some((o) => o !== m && o.clustermesh.peers.known && o.clustermesh.peers.value.some((p) => p.name === name)))
    return true
  return cm.useAPIServer.known ? false : undefined
}

export interface Membership {
  members: MeshCluster[]
  /** Clusters whose membership cannot be told, with the reason. */
  uncertain: {cluster: MeshCluster; reason: string}[]
}

export function membership(model: MeshModel): Membership {
  const out: Membership = {members: [], uncertain: []}
  for (const c of model.clusters) {
    const verdict = inMesh(c, model)
    if (verdict) out.members.push(c)
    else if (verdict === undefined)
      out.uncertain.push({
        cluster: c,
        reason: `whether ${c.name} joins the mesh is unknown: ${c.clustermesh.useAPIServer.known ? '' : c.clustermesh.useAPIServer.reason}`,
      })
  }
  return out
}

/** Members of the mesh for a cross-cluster check; uncertain clusters are skipped, never passed. */
export function meshForPairs(model: MeshModel, ctx: CheckContext): MeshCluster[] {
  const {members, uncertain} = membership(model)
  for (const u of uncertain) ctx.skip({cluster: u.cluster.name}, u.reason)
  return members
}

/**
 * Whether a cluster serves its state to the mesh: it runs the clustermesh-apiserver (clustermesh.useAPIServer), or
 * its agents keep identities in an etcd that peers can read (identityAllocationMode kvstore).
 */
export function serves(m: MeshCluster): boolean | undefined {
  const use = m.clustermesh.useAPIServer
  if (use.known && use.value) return true
  const mode = m.datapath.identityAllocationMode
  if (mode.known && mode.value === 'kvstore') return true
  return use.known ? false : undefined
}

/**
 * Whether `from` is configured to connect to `to`: its rendered peer list (clustermesh.config.enabled) names `to`,
 * or a mesh Secret from outside the chart (ExternalSecret, Secret, SealedSecret) carries an entry for `to`. Such a
 * Secret whose entry names cannot be read (SOPS values are fine: their keys are readable; an ExternalSecret with
 * dataFrom is not) may connect to anyone: undefined.
 */
export function connectsTo(from: MeshCluster, to: MeshCluster): boolean | undefined {
  const name = meshName(to)
  const cm = from.clustermesh
  if (cm.configEnabled.known && cm.configEnabled.value && cm.peers.known && cm.peers.value.some((p) => p.name === name)) return true
  let unknownSecret = false
  for (const p of from.meshSecrets) {
    if (p.kind === 'chart') continue
    if (!p.keys) unknownSecret = true
    else if (p.keys.includes(name)) return true
  }
  return unknownSecret ? undefined : false
}

export type Exchange = {exchange: true; how: string} | {exchange: false | undefined; reason: string}

/**
 * Whether two clusters can exchange ClusterMesh state: one side serves it (serves) and the other connects to it
 * (connectsTo), or both serve it (they may be joined out of band, e.g. `cilium clustermesh connect`). With neither
 * side serving, no state flows whatever the peer lists say (CM209 reports that). undefined when it cannot be told.
 */
export function exchange(a: MeshCluster, b: MeshCluster): Exchange {
  const [sa, sb] = [serves(a), serves(b)]
  if (sa && sb) return {exchange: true, how: `both ${a.name} and ${b.name} run the clustermesh-apiserver`}
  const side = (x: MeshCluster, y: MeshCluster): Exchange | undefined => {
    // y serves: does x connect to it?
    const c = connectsTo(x, y)
    if (c) return {exchange: true, how: `${x.name} connects to ${y.name}`}
    return c === undefined ? {exchange: undefined, reason: `whether ${x.name} connects to ${y.name} is unknown: its mesh Secret's entries cannot be read`} : undefined
  }
  const unknownServe = (x: MeshCluster) =>
    `whether ${x.name} runs the clustermesh-apiserver is unknown: ${x.clustermesh.useAPIServer.known ? 'identityAllocationMode is unknown' : x.clustermesh.useAPIServer.reason}`
  if (sb) {
    const v = side(a, b)
    if (v) return v
  }
  if (sa) {
    const v = side(b, a)
    if (v) return v
  }
  if (sa === undefined) return {exchange: undefined, reason: unknownServe(a)}
  if (sb === undefined) return {exchange: undefined, reason: unknownServe(b)}
  if (!sa && !sb)
    return {exchange: false, reason: `neither ${a.name} nor ${b.name} runs the clustermesh-apiserver (clustermesh.useAPIServer is false): they exchange no mesh state`}
  const [server, client] = sa ? [a, b] : [b, a]
  return {
    exchange: false,
    reason: `${client.name} does not run the clustermesh-apiserver and does not connect to ${server.name} (not in its clustermesh.config.clusters or mesh Secret): they exchange no mesh state`,
  }
}

/**
 * The pairs of clusters that exchange mesh state, for the cross-cluster checks. Pairs that do not, or where it
 * cannot be told, are skipped with the reason (never passed); pairs of two clusters that take no part in any mesh
 * are not checked at all. `clusters` are those that took part in at least one checked pair.
 */
export interface ExchangingPairs {
  pairs: [MeshCluster, MeshCluster][]
  clusters: MeshCluster[]
  /** Whether two clusters exchange state, in either order (a set lookup: meshes go up to 511 clusters). */
  linked(a: MeshCluster, b: MeshCluster): boolean
}

export function exchangingPairs(model: MeshModel, ctx: CheckContext): ExchangingPairs {
  const candidates = withCilium(model).filter((c) => inMesh(c, model) !== false)
  const out: [MeshCluster, MeshCluster][] = []
  const clusters = new Set<MeshCluster>()
  const index = new Map(candidates.map((c, i) => [c, i]))
  const keys = new Set<number>()
  const key = (a: MeshCluster, b: MeshCluster) => {
    const [i, j] = [index.get(a) ?? -1, index.get(b) ?? -1]
    return i < j ? i * 100_000 + j : j * 100_000 + i
  }
  for (const [a, b] of pairs(candidates)) {
    const v = exchange(a, b)
    if (v.exchange) {
      out.push([a, b])
      keys.add(key(a, b))
      clusters.add(a).add(b)
    } else {
      ctx.skip({cluster: a.name, peer: b.name}, v.reason)
    }
  }
  return {pairs: out, clusters: candidates.filter((c) => clusters.has(c)), linked: (a, b) => keys.has(key(a, b))}
}

export function pairs<T>(list: readonly T[]): [T, T][] {
  const out: [T, T][] = []
  for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) out.push([list[i], list[j]])
  return out
}

/** Skips the cluster when a fact is unknown; returns true when it did. */
export function skipIfUnknown(ctx: CheckContext, m: MeshCluster, ...facts: Fact<unknown>[]): boolean {
  const u = facts.find((f) => !f.known)
  if (!u || u.known) return false
  ctx.skip({cluster: m.name}, u.reason)
  return true
}

export interface ParsedCidr {
  cidr: Cidr
  range: IpRange
}

export const parsedCidrs = (list: readonly Cidr[]): ParsedCidr[] =>
  list.flatMap((cidr) => {
    const range = parseCidr(cidr.cidr)
    return range ? [{cidr, range}] : []
  })

/** Groups by value; the most common value (first seen on a tie) is the reference the others are compared to. */
export function majority<T>(items: readonly {key: string; item: T}[]): {reference: string; groups: Map<string, T[]>} {
  const groups = new Map<string, T[]>()
  for (const {key, item} of items) groups.set(key, [...(groups.get(key) ?? []), item])
  let reference = items[0]?.key ?? ''
  for (const [key, list] of groups) if (list.length > (groups.get(reference)?.length ?? 0)) reference = key
  return {reference, groups}
}
