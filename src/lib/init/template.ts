// The existing cluster whose shape the new one copies, and the new cluster's facts in that cluster's
// conventions: its DNS name and secret path follow the same pattern with the new name in them.
import {UsageError} from '../cli/errors.js'
import type {MeshCluster} from '../mesh/types.js'
import {parseRange} from './address-space.js'
import {isArgoCluster} from './argocd-plan.js'
import {type ClusterFacts, factsOf} from './facts.js'
import {settingsFileOf} from './settings.js'
import {renameTokens} from './tokens.js'
import type {Answers} from './types.js'

const idOf = (c: MeshCluster) => (c.clusterId.known && typeof c.clusterId.value === 'number' ? c.clusterId.value : undefined)

/** Clusters that can serve as a template: rendered with Cilium, with a settings file (Flux) or from an Argo CD Application. */
export const templateCandidates = (clusters: readonly MeshCluster[]) => clusters.filter((c) => c.cilium && (settingsFileOf(c) || isArgoCluster(c)))

/** --like, else the cluster whose id is closest to the new one (the newest on a tie), else the last one. */
export function chooseTemplate(clusters: readonly MeshCluster[], answers: Pick<Partial<Answers>, 'id' | 'like'>): MeshCluster {
  const candidates = templateCandidates(clusters)
  if (answers.like) {
    const c = clusters.find((x) => x.name === answers.like)
    if (!c) throw new UsageError(`--like ${answers.like}: no such cluster; the repository has ${clusters.map((x) => x.name).join(', ') || 'none'}`)
    if (!candidates.includes(c)) throw new UsageError(`--like ${answers.like}: its Cilium HelmRelease or settings file was not found, so init cannot copy its shape`)
    return c
  }
  if (candidates.length === 0) {
    throw new UsageError(
      `no cluster to copy: init needs an existing cluster with a Cilium HelmRelease whose cluster.name comes from a settings variable (found ${clusters.map((c) => c.name).join(', ') || 'no clusters'})`,
    )
  }
  const target = answers.id ?? Math.max(0, ...candidates.map((c) => idOf(c) ?? 0)) + 1
  const distance = (c: MeshCluster) => Math.abs((idOf(c) ?? Number.MAX_SAFE_INTEGER / 2) - target)
  return [...candidates].sort((a, b) => distance(a) - distance(b) || (idOf(b) ?? 0) - (idOf(a) ?? 0))[0]!
}

/** The new cluster's facts, with the template's naming patterns applied to the new name. */
export function newFacts(template: MeshCluster, answers: Answers): ClusterFacts {
  const from = factsOf(template)
  const rename = (s: string | undefined) => (s && renameTokens(s, template.name, answers.name) !== s ? renameTokens(s, template.name, answers.name) : undefined)
  const fqdn = rename(from.fqdn)
  const secretPath = answers.secretPath ?? rename(from.secretPath)
  const pool = parseRange(answers.lbPool)
  return {
    name: answers.name,
    id: answers.id,
    podCIDRs: answers.podCIDRs,
    serviceCIDRs: answers.serviceCIDRs,
    ...(pool ? {pool} : {}),
    lbIP: answers.lbIP,
    ...(fqdn ? {fqdn} : {}),
    ...(secretPath ? {secretPath} : {}),
  }
}
