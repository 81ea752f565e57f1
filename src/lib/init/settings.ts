// The settings ConfigMap (cluster-settings.yaml): the new cluster's copy gets its own values by role, and
// per-cluster variable families (CILIUM_CLUSTERMESH_<PEER>_FQDN, <CLUSTER>_POOL_DISABLED) get a member for
// every cluster, in the new cluster and in the existing ones alike.
import {isMap, isScalar, type Scalar, type YAMLMap} from 'yaml'
import type {MeshCluster} from '../mesh/types.js'
import {formatIp, poolText} from './address-space.js'
import {type ClusterFacts, factsOf, mapValue} from './facts.js'
import {type Roles, roleNames} from './roles.js'
import {familyKey, familyOf} from './tokens.js'
import type {Answers} from './types.js'
import {insertPairAfter, pairOf, removePair, type YamlText} from './yaml-text.js'

/** Patterns of per-cluster variable families and the clusters they have members for. */
export type Families = Map<string, Set<string>>

export function familiesOf(clusters: readonly MeshCluster[]): Families {
  const names = clusters.map((c) => c.name)
  const out: Families = new Map()
  for (const c of clusters)
    for (const key of c.variables.keys()) {
      const f = familyOf(key, names)
      if (f) out.set(f.pattern, (out.get(f.pattern) ?? new Set()).add(f.member))
    }
  // A key that names the same cluster everywhere (INFRA_DNS_SERVER in every cluster) is one shared setting.
  for (const [pattern, members] of out) if (members.size < 2) out.delete(pattern)
  return out
}

/** The data (or stringData) mapping of the document that defines this variable. */
export function settingsMap(t: YamlText, variable: string): YAMLMap | undefined {
  for (const doc of t.docs)
    for (const field of ['data', 'stringData']) {
      const map = doc.get(field, true)
      if (isMap(map) && pairOf(map, variable)) return map
    }
  return undefined
}

export function settingsFileOf(c: MeshCluster): string | undefined {
  return c.clusterName.variable?.pos?.file ?? c.clusterId.variable?.pos?.file
}

interface Entry {
  key: Scalar
  value: Scalar
  name: string
  text: string
}

function entries(map: YAMLMap): Entry[] {
  return map.items.flatMap((p) =>
    isScalar(p.key) && isScalar(p.value) ? [{key: p.key, value: p.value, name: String(p.key.value), text: String(p.value.value ?? '')}] : [],
  )
}

export interface NewSettingsInput {
  template: MeshCluster
  existing: readonly MeshCluster[]
  roles: Roles
  from: ClusterFacts
  to: ClusterFacts
  answers: Answers
  families: Families
  used: Set<string>
  moved: Map<string, string>
}

function roleValue(name: string, r: Roles, input: NewSettingsInput): string | undefined {
  const {to, answers} = input
  const pool = to.pool
  const byRole: [string | undefined, string | undefined][] = [
    [r.name, to.name],
    [r.id, String(answers.id)],
    [r.lbIP, answers.lbIP],
    [r.fqdn, to.fqdn],
    [r.secretPath, to.secretPath],
    [r.poolStart, pool && formatIp(pool.family, pool.lo)],
    [r.poolStop, pool && formatIp(pool.family, pool.hi)],
    [r.poolCidr, pool && poolText(pool, true)],
  ]
  return byRole.find(([role]) => role === name)?.[1]
}

const valuesOf = (clusters: readonly MeshCluster[], key: string) =>
  clusters.map((c) => c.variables.get(key)).filter((v) => v && !v.unknown).map((v) => v!.value)

/** Rewrites the copy of the template's settings for the new cluster; returns the settings left for review. */
export function rewriteNewSettings(t: YamlText, map: YAMLMap, input: NewSettingsInput): string[] {
  const {template, existing, roles, from, to, families} = input
  const names = existing.map((c) => c.name)
  const review: string[] = []
  const lastOfFamily = new Map<string, Entry>()
  for (const e of entries(map)) {
    // The template already lists the new cluster as its peer (a second run): the new cluster does not list itself.
    const own = familyOf(e.name, [...names, to.name])
    if (own?.member === to.name && families.has(own.pattern)) {
      removePair(t, map, e.name)
      continue
    }
    const fam = familyOf(e.name, names)
    if (fam && families.has(fam.pattern)) {
      lastOfFamily.set(fam.pattern, e)
      if (fam.member !== template.name) continue
      t.setScalar(e.key, familyKey(fam.pattern, to.name))
      const v = mapValue(e.text, from, to, {used: input.used, moved: input.moved})
      if (v !== e.text) t.setScalar(e.value, v)
      continue
    }
    const values = valuesOf(existing, e.name)
    const shared = existing.length >= 2 && values.length === existing.length && new Set(values).size === 1
    const next = roleNames(roles).has(e.name) ? roleValue(e.name, roles, input) : shared ? e.text : mapValue(e.text, from, to, {used: input.used, moved: input.moved})
    if (next !== undefined && next !== e.text) t.setScalar(e.value, next)
    else if (new Set(values).size > 1 && !roleNames(roles).has(e.name)) review.push(e.name)
  }
  addTemplateAsPeer(t, map, lastOfFamily, input)
  return review
}

/** The template's own member (renamed above) comes back as a peer member of the new cluster (CILIUM_CLUSTERMESH_INFRA_FQDN). */
function addTemplateAsPeer(t: YamlText, map: YAMLMap, lastOfFamily: Map<string, Entry>, input: NewSettingsInput): void {
  const {template, existing, from} = input
  const names = existing.map((c) => c.name)
  for (const [pattern, last] of lastOfFamily) {
    const peerMember = entries(map).find((e) => familyOf(e.name, names)?.pattern === pattern && familyOf(e.name, names)?.member !== template.name)
    if (!peerMember) continue
    const key = familyKey(pattern, template.name)
    // Another cluster already has this member: its value is the one to copy.
    const elsewhere = existing.find((c) => c !== template && c.variables.get(key) && !c.variables.get(key)!.unknown)
    const peer = existing.find((c) => c.name === familyOf(peerMember.name, names)!.member)
    const value = elsewhere ? elsewhere.variables.get(key)!.value : peer ? mapValue(peerMember.text, factsOf(peer), from, {used: new Set()}) : peerMember.text
    insertPairAfter(t, map, last.name, key, value, last.value.type)
  }
}

/** Adds the new cluster's member to every family an existing cluster's settings have peer members of. */
export function addPeerMembers(t: YamlText, map: YAMLMap, cluster: MeshCluster, existing: readonly MeshCluster[], families: Families, to: ClusterFacts): string[] {
  const names = existing.map((c) => c.name)
  const added: string[] = []
  // The new member goes after the family's last line; its value is a peer member's, rewritten for the new cluster.
  const last = new Map<string, Entry>()
  const sample = new Map<string, Entry>()
  for (const e of entries(map)) {
    const fam = familyOf(e.name, names)
    if (!fam || !families.has(fam.pattern)) continue
    last.set(fam.pattern, e)
    if (fam.member !== cluster.name) sample.set(fam.pattern, e)
  }
  for (const [pattern, e] of sample) {
    const key = familyKey(pattern, to.name)
    if (pairOf(map, key)) continue
    const peer = existing.find((c) => c.name === familyOf(e.name, names)!.member)
    const value = peer ? mapValue(e.text, factsOf(peer), to, {used: new Set()}) : e.text
    const after = last.get(pattern)!
    insertPairAfter(t, map, after.name, key, value, after.value.type)
    added.push(key)
  }
  return added
}
