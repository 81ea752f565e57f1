// Which settings variable of a cluster carries which fact: read from the mesh model's origins (the variable a
// value was substituted from) and from the `${VAR}` references of the objects that use them.
import type {RenderedCluster} from '../gitops/types.js'
import type {MeshCluster} from '../mesh/types.js'
import {VARIABLE_NAMES} from '../mesh/variables.js'
import {formatIp, parseRange, poolVariables} from './address-space.js'
import {factsOf} from './facts.js'

export interface Roles {
  name?: string
  id?: string
  lbIP?: string
  fqdn?: string
  secretPath?: string
  poolStart?: string
  poolStop?: string
  poolCidr?: string
}

/** Variables referenced by the objects of one kind (with a name filter), over every build of the cluster. */
function referencedBy(rendered: RenderedCluster | undefined, kind: string, name?: string): string[] {
  const names = new Set<string>()
  for (const k of rendered?.kustomizations ?? [])
    for (const r of k.references ?? []) if (r.resource.kind === kind && (!name || r.resource.name.includes(name))) names.add(r.name)
  return [...names]
}

function poolRoles(c: MeshCluster, rendered: RenderedCluster | undefined): Pick<Roles, 'poolStart' | 'poolStop' | 'poolCidr'> {
  const pool = factsOf(c).pool
  const out: Pick<Roles, 'poolStart' | 'poolStop' | 'poolCidr'> = {}
  if (!pool) return out
  const start = formatIp(pool.family, pool.lo)
  const stop = formatIp(pool.family, pool.hi)
  for (const name of referencedBy(rendered, 'CiliumLoadBalancerIPPool')) {
    const v = c.variables.get(name)?.value.trim()
    if (v === undefined) continue
    if (v.includes('/') && parseRange(v)?.lo === pool.lo) out.poolCidr = name
    else if (v === start && !out.poolStart) out.poolStart = name
    else if (v === stop) out.poolStop = name
  }
  const named = poolVariables(c)[0]
  if (named && !out.poolStart && !out.poolCidr) return {poolStart: named.startVar, poolStop: named.stopVar}
  return out
}

function secretPathRole(c: MeshCluster, rendered: RenderedCluster | undefined): string | undefined {
  const path = factsOf(c).secretPath
  if (!path) return undefined
  const refs = referencedBy(rendered, 'ExternalSecret', 'cilium-clustermesh')
  return refs.find((n) => c.variables.get(n)?.value === path)
}

export function rolesOf(c: MeshCluster, rendered: RenderedCluster | undefined): Roles {
  const fqdnVar = c.clustermesh.fqdn.variable?.name
  const lbVar = c.clustermesh.lbIPs.known ? c.clustermesh.lbIPs.value[0]?.origin.variable?.name : undefined
  const roles: Roles = {
    ...(c.clusterName.variable ? {name: c.clusterName.variable.name} : {}),
    ...(c.clusterId.variable ? {id: c.clusterId.variable.name} : {}),
    ...(lbVar ? {lbIP: lbVar} : {}),
    // SECRET_DOMAIN only lends its domain to a derived name: it is not the cluster's FQDN.
    ...(fqdnVar && !(VARIABLE_NAMES.secretDomain as readonly string[]).includes(fqdnVar) ? {fqdn: fqdnVar} : {}),
    ...poolRoles(c, rendered),
  }
  const secret = secretPathRole(c, rendered)
  return secret ? {...roles, secretPath: secret} : roles
}

/** Every variable name that has a role. */
export const roleNames = (r: Roles) => new Set(Object.values(r).filter((v): v is string => typeof v === 'string'))
