// Settings variables: the names both naming schemes use, and tracing a rendered value back to its definition.
import type {RenderedCluster, RenderedObject, Variable} from '../gitops/types.js'
import type {VariableRef} from './fact.js'

// Corpus scheme (CLUSTER, CLUSTER_ID, CLUSTERMESH_IP) and the seed stories' scheme (CILIUM_CLUSTER_*), first match wins.
export const VARIABLE_NAMES = {
  clusterName: ['CILIUM_CLUSTER_NAME', 'CLUSTER_NAME', 'CLUSTER'],
  clusterId: ['CILIUM_CLUSTER_ID', 'CLUSTER_ID'],
  lbIP: ['CILIUM_CLUSTERMESH_LB_IP', 'CLUSTERMESH_LB_IP', 'CLUSTERMESH_IP', 'CILIUM_CLUSTERMESH_IP'],
  fqdn: ['CILIUM_CLUSTERMESH_FQDN', 'CLUSTERMESH_FQDN', 'CILIUM_CLUSTERMESH_HOST', 'CLUSTERMESH_HOST'],
  podCIDR: [
    'CILIUM_POD_CIDR',
    'POD_CIDR',
    'POD_CIDRS',
    'CLUSTER_POD_CIDR',
    'CLUSTER_CIDR',
    'POD_SUBNET',
    'POD_NETWORK',
    'POD_CIDR_STRING',
  ],
  serviceCIDR: [
    'CILIUM_SERVICE_CIDR',
    'SERVICE_CIDR',
    'SERVICE_CIDRS',
    'SVC_CIDR',
    'CLUSTER_SERVICE_CIDR',
    'SERVICE_SUBNET',
    'SERVICE_NETWORK',
    'SERVICE_CIDR_STRING',
  ],
  nodeCIDR: ['NODE_CIDR', 'NODE_CIDRS', 'NODE_NETWORK', 'NODE_SUBNET', 'HOST_NETWORK'],
  secretDomain: ['SECRET_DOMAIN', 'DOMAIN', 'CLUSTER_DOMAIN_PUBLIC'],
} as const

/** The variables substituted into an object: its Flux Kustomization's, else the cluster's settings. */
export function variablesFor(cluster: RenderedCluster, obj: RenderedObject | undefined): ReadonlyMap<string, Variable> {
  if (obj?.producedBy) {
    const ks = cluster.kustomizations.find((k) => `${k.namespace}/${k.name}` === obj.producedBy)
    if (ks && ks.variables.size > 0) return ks.variables
  }
  return cluster.variables
}

export function firstDefined(
  vars: ReadonlyMap<string, Variable>,
  names: readonly string[],
): {name: string; variable: Variable} | undefined {
  for (const name of names) {
    const variable = vars.get(name)
    if (variable) return {name, variable}
  }
  return undefined
}

const normalise = (v: unknown) => String(v).trim().replace(/^["']|["']$/g, '')

/**
 * The variable a rendered value most likely came from: one of the candidate names whose value equals it.
 * Values only flow in through substitution, so equality with a candidate of the right name is the trace.
 */
export function traceVariable(
  value: unknown,
  vars: ReadonlyMap<string, Variable>,
  candidates: readonly string[],
): VariableRef | undefined {
  if (value === undefined || value === null) return undefined
  const text = normalise(value)
  for (const name of candidates) {
    const v = vars.get(name)
    if (v && !v.unknown && normalise(v.value) === text) return {name, ...(v.source ? {pos: v.source} : {})}
  }
  return undefined
}

const REF = /\$\{([_a-zA-Z][_a-zA-Z0-9]*)(?:(:?[-=])[^}]*)?\}/

/**
 * A `${VAR}` left in a rendered string: the renderer could not substitute it.
 * Returns why the value is unknown, with the variable's definition when it has one (a SOPS value).
 */
export function unresolvedReference(
  value: unknown,
  vars: ReadonlyMap<string, Variable>,
): {reason: string; variable?: VariableRef} | undefined {
  if (typeof value !== 'string') return undefined
  const m = REF.exec(value)
  if (!m) return undefined
  const name = m[1]
  const v = vars.get(name)
  if (v?.unknown)
    return {reason: `${name} is SOPS-encrypted`, variable: {name, ...(v.source ? {pos: v.source} : {})}}
  if (v) return {reason: `\${${name}} was not substituted`, variable: {name, ...(v.source ? {pos: v.source} : {})}}
  return {reason: `\${${name}} is not defined in this cluster's settings (see CM101)`}
}
