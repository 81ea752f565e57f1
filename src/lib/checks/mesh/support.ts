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
