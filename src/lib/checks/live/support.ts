// Shared helpers of the live checks (CM3xx one cluster, CM4xx across clusters): who was reached, which reads
// failed (→ skip, never pass), and each cluster's live identity.
import type {KubeFailure, KubeResult} from '../../kube/index.js'
import type {ClusterReads, DoctorModel, LiveCluster} from '../../doctor/types.js'
import type {Check, CheckContext} from '../engine.js'
import {label} from '../../live/names.js'

export type LiveCheck = Check<DoctorModel>

export interface Reached extends LiveCluster {
  reads: ClusterReads
}

export const reached = (model: DoctorModel): Reached[] => model.clusters.filter((c): c is Reached => c.reads !== undefined)

/** Clusters that answered; the others are skipped with the reason CM301 reports. */
export function eachReached(model: DoctorModel, ctx: CheckContext): Reached[] {
  for (const c of model.clusters) if (!c.reads && !c.reach.ok) ctx.skip({cluster: c.context}, `context not reached: ${c.reach.error.message}`)
  return reached(model)
}

// The API server's own 403 text is long; say verb, resource and namespace. Exec failures carry their own wording.
export const describeFailure = (f: KubeFailure) =>
  f.kind === 'forbidden' && f.resource !== 'pods/exec'
    ? `forbidden: ${f.verb ?? 'read'} ${f.resource ?? 'resource'}${f.name ? ` "${f.name}"` : ''}${f.namespace ? ` in ${f.namespace}` : ''}`
    : f.message

/**
 * The values of reads a check needs; when one failed, the cluster is skipped (CM301 names the failure) and
 * undefined is returned.
 */
export function need<T extends unknown[]>(
  ctx: CheckContext,
  c: LiveCluster,
  ...reads: {[K in keyof T]: KubeResult<T[K]>}
): T | undefined {
  const failed = reads.find((r) => !r.ok)
  if (failed && !failed.ok) {
    ctx.skip({cluster: c.context}, `needs a read that failed (CM301): ${describeFailure(failed.error)}`)
    return undefined
  }
  return reads.map((r) => (r.ok ? r.value : undefined)) as T
}

export interface Identity {
  name?: string
  id?: number
  /** cluster-id as written, when it is not an integer. */
  rawId?: string
}

export function identity(c: Reached): Identity | undefined {
  const config = c.reads.config
  if (!config.ok || !config.value) return undefined
  const raw = config.value.clusterId
  const id = raw !== undefined && /^\d+$/.test(raw.trim()) ? Number(raw) : undefined
  return {...(config.value.clusterName ? {name: config.value.clusterName} : {}), ...(id === undefined ? {} : {id}), ...(raw === undefined ? {} : {rawId: raw})}
}

/** The name the mesh knows a cluster by: its live cluster-name (Cilium's default is "default"). */
export const meshNameOf = (c: Reached): string | undefined => identity(c)?.name

/** Reached clusters by live cluster-name; a name used twice maps to the first (CM402 reports the rest). */
export function byMeshName(model: DoctorModel): Map<string, Reached> {
  const out = new Map<string, Reached>()
  for (const c of reached(model)) {
    const name = meshNameOf(c)
    if (name && !out.has(name)) out.set(name, c)
  }
  return out
}

export function pairs<T>(list: readonly T[]): [T, T][] {
  const out: [T, T][] = []
  for (let i = 0; i < list.length; i++) for (let j = i + 1; j < list.length; j++) out.push([list[i], list[j]])
  return out
}

export const ns = (c: LiveCluster) => c.namespace

export const ref = (c: LiveCluster, kind: string, name: string, apiVersion = 'v1') => ({apiVersion, kind, namespace: c.namespace, name})

/** "a, b and 3 more" */
export function list(items: readonly string[], max = 5): string {
  if (items.length <= max) return items.join(', ')
  return `${items.slice(0, max).join(', ')} and ${items.length - max} more`
}

/** Cross-cluster checks compare at least two clusters; with fewer, every reached cluster is skipped. */
export function atLeastTwo(model: DoctorModel, ctx: CheckContext): Reached[] | undefined {
  const list = eachReached(model, ctx)
  if (list.length >= 2) return list
  for (const c of list) ctx.skip({cluster: c.context}, 'needs two or more reachable contexts to compare')
  return undefined
}

/** The most common key (first seen on a tie) is the reference the others are compared to. */
export function reference<T>(items: readonly {key: string; item: T}[]): {key: string; first: T} | undefined {
  const counts = new Map<string, number>()
  for (const {key} of items) counts.set(key, (counts.get(key) ?? 0) + 1)
  let best: {key: string; first: T} | undefined
  for (const {key, item} of items) if (!best || counts.get(key)! > counts.get(best.key)!) best = {key, first: item}
  return best
}

/** How a finding names a cluster: its Cilium name first, the context beside it ("apps (context c1)"). */
export const who = (c: LiveCluster): string => label({context: c.context, ...(liveNameOf(c) ? {name: liveNameOf(c)} : {})})

const liveNameOf = (c: LiveCluster): string | undefined => (c.reads?.config.ok ? c.reads.config.value?.clusterName : undefined)
