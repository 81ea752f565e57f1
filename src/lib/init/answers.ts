// Answers without prompts: each from its flag, else the suggestion; every one validated against the mesh
// and the answers before it. What cannot be answered is named by its flag.
import type {MeshCluster} from '../mesh/types.js'
import {factsOf} from './facts.js'
import {disagreements} from './live-facts.js'
import {type LiveFacts, poolsAsCidr, suggestCidrs, suggestId, suggestLbIp, suggestPool, suggestSecretPath} from './suggest.js'
import {chooseTemplate} from './template.js'
import type {Answers} from './types.js'
import {type Mesh, parseId, poolFitsStyle, splitList, validateCidrs, validateId, validateLbIp, validateName, validatePool, validateSecretPath} from './validate.js'

/** The answer flags as given (strings, unparsed). */
export interface Given {
  name?: string
  id?: string
  podCIDR?: string
  serviceCIDR?: string
  lbPool?: string
  lbIP?: string
  secretPath?: string
  like?: string
}

export const FLAG_OF: Record<keyof Given, string> = {
  name: '--name', id: '--id', podCIDR: '--pod-cidr', serviceCIDR: '--service-cidr', lbPool: '--lb-pool', lbIP: '--lb-ip',
  secretPath: '--secret-path', like: '--like',
}

export interface Resolved {
  answers?: Answers
  /** Answers that were given but cannot be used, with the flag. */
  problems: string[]
  /** Flags that must be given because nothing could be suggested. */
  missing: string[]
}

/** Whether the repository keeps its mesh Secrets in a secret store (so the new cluster needs a path). */
export const usesSecretPath = (clusters: readonly MeshCluster[]) => clusters.some((c) => factsOf(c).secretPath)

export function otherSecretPaths(clusters: readonly MeshCluster[]): string[] {
  return clusters.map((c) => factsOf(c).secretPath).filter((p): p is string => p !== undefined)
}

export function resolveAnswers(given: Given, mesh: Mesh, live?: LiveFacts): Resolved {
  const problems: string[] = []
  const missing: string[] = []
  const a: Partial<Answers> = {}
  const take = <K extends keyof Given>(key: K, value: string | undefined, check: (v: string) => string | undefined, set: (v: string) => void) => {
    if (value === undefined || value === '') return missing.push(FLAG_OF[key])
    const problem = check(value)
    if (problem) return problems.push(`${FLAG_OF[key]} ${value}: ${problem}`)
    set(value)
  }
  take('name', given.name ?? live?.clusterName, (v) => validateName(v, mesh), (v) => (a.name = v))
  take('id', given.id ?? suggestId(mesh, live)?.toString(), (v) => validateId(parseId(v), mesh), (v) => (a.id = parseId(v)))
  take('podCIDR', given.podCIDR ?? suggestCidrs('pod', mesh, a, live)?.join(','), (v) => validateCidrs(splitList(v), 'pod', mesh, a), (v) => (a.podCIDRs = splitList(v)))
  take('serviceCIDR', given.serviceCIDR ?? suggestCidrs('service', mesh, a, live)?.join(','), (v) => validateCidrs(splitList(v), 'service', mesh, a), (v) => (a.serviceCIDRs = splitList(v)))
  const asCidr = poolsAsCidr(mesh.clusters)
  take('lbPool', given.lbPool ?? suggestPool(mesh, a), (v) => validatePool(v, mesh, a) ?? poolFitsStyle(v, asCidr), (v) => (a.lbPool = v))
  let template: MeshCluster | undefined
  try {
    template = chooseTemplate(mesh.clusters, {...(a.id ? {id: a.id} : {}), ...(given.like ? {like: given.like} : {})})
  } catch (error) {
    problems.push((error as Error).message)
  }
  take('lbIP', given.lbIP ?? suggestLbIp(mesh, template, a), (v) => validateLbIp(v, mesh, a), (v) => (a.lbIP = v))
  // Without a name there is nothing to derive the path from: --name alone is reported missing.
  if (usesSecretPath(mesh.clusters) && (a.name || given.secretPath))
    take('secretPath', given.secretPath ?? suggestSecretPath(template, a.name), (v) => validateSecretPath(v, otherSecretPaths(mesh.clusters)), (v) => (a.secretPath = v))
  if (given.like) a.like = given.like
  if (live) problems.push(...disagreements(live, a))
  const complete = a.name && a.id && a.podCIDRs && a.serviceCIDRs && a.lbPool && a.lbIP
  return {...(complete && problems.length === 0 && missing.length === 0 ? {answers: a as Answers} : {}), problems, missing}
}
