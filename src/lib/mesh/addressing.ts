// PodCIDRs, ServiceCIDRs and node networks of a cluster: from Cilium IPAM values, settings variables
// (POD_CIDR …, plain or JSON-array strings) or .kubectl-mesh.yaml.
import type {RenderedObject, Variable} from '../gitops/types.js'
import {parseCidrList} from './cidr.js'
import {type Fact, known, type Origin, originOf, unknown, type VariableRef} from './fact.js'
import {isKind} from './helmrelease.js'
import {asBool, asString, type ValueReader} from './reader.js'
import type {Cidr} from './types.js'
import {isRecord} from './values.js'
import {firstDefined, VARIABLE_NAMES} from './variables.js'

/** A fact declared in .kubectl-mesh.yaml. */
export interface Declared<T> {
  value: T
  source?: Origin['pos']
}

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i])

/** Traces a CIDR list back to a variable that holds the same list (in any of the string forms). */
function traceList(cidrs: string[], vars: ReadonlyMap<string, Variable>, names: readonly string[]): VariableRef | undefined {
  for (const name of names) {
    const v = vars.get(name)
    if (v && !v.unknown && sameList(parseCidrList(v.value).cidrs, cidrs)) return {name, ...(v.source ? {pos: v.source} : {})}
  }
  return undefined
}

function fromFact(fact: Fact<unknown>, vars: ReadonlyMap<string, Variable>, names: readonly string[]): Fact<Cidr[]> {
  if (!fact.known) return fact
  const {cidrs, invalid} = parseCidrList(fact.value)
  if (invalid.length) return unknown(`not a CIDR: ${invalid.join(', ')}`, fact)
  const variable = fact.variable ?? traceList(cidrs, vars, names)
  const origin: Origin = {...originOf(fact), ...(variable ? {variable} : {})}
  return known(cidrs.map((cidr) => ({cidr, ...origin})), origin)
}

/** From the first settings variable of the naming schemes that is defined. */
function fromVariables(vars: ReadonlyMap<string, Variable>, names: readonly string[], what: string): Fact<Cidr[]> | undefined {
  const hit = firstDefined(vars, names)
  if (!hit) return undefined
  const variable: VariableRef = {name: hit.name, ...(hit.variable.source ? {pos: hit.variable.source} : {})}
  if (hit.variable.unknown) return unknown(`${hit.name} is SOPS-encrypted`, {variable, pos: variable.pos})
  const {cidrs, invalid} = parseCidrList(hit.variable.value)
  if (invalid.length || cidrs.length === 0)
    return unknown(`${hit.name} does not hold a ${what} CIDR list: ${JSON.stringify(hit.variable.value)}`, {variable})
  return known(cidrs.map((cidr) => ({cidr, variable, pos: variable.pos})), {variable, pos: variable.pos})
}

const fromDeclared = (d: Declared<string[]>): Fact<Cidr[]> =>
  known(d.value.map((cidr) => ({cidr, pos: d.source})), {pos: d.source})

function concat(a: Fact<Cidr[]>, b: Fact<Cidr[]>): Fact<Cidr[]> {
  if (!a.known) return a
  if (!b.known) return b
  return known([...a.value, ...b.value], a)
}

/** multi-pool IPAM: autoCreateCiliumPodIPPools plus CiliumPodIPPool objects. */
function multiPool(reader: ValueReader, objects: readonly RenderedObject[]): Fact<Cidr[]> {
  const auto = reader.get(['ipam', 'operator', 'autoCreateCiliumPodIPPools'])
  if (!auto.known) return auto
  const out: Cidr[] = []
  for (const [pool, cfg] of Object.entries(isRecord(auto.value) ? auto.value : {}))
    for (const fam of ['ipv4', 'ipv6'])
      if (isRecord(cfg) && isRecord(cfg[fam]) && Array.isArray(cfg[fam].cidrs))
        (cfg[fam].cidrs as unknown[]).forEach((c, i) =>
          out.push({cidr: String(c), pos: reader.locate(['ipam', 'operator', 'autoCreateCiliumPodIPPools', pool, fam, 'cidrs', i])}),
        )
  for (const obj of objects.filter((o) => isKind(o, 'cilium.io', 'CiliumPodIPPool'))) {
    const spec = isRecord(obj.object.spec) ? obj.object.spec : {}
    for (const fam of ['ipv4', 'ipv6'])
      if (isRecord(spec[fam]) && Array.isArray(spec[fam].cidrs))
        (spec[fam].cidrs as unknown[]).forEach((c, i) =>
          out.push({cidr: String(c), pos: obj.locate(['spec', fam, 'cidrs', i]) ?? obj.source}),
        )
  }
  return known(out)
}

export interface AddressingInput {
  reader?: ValueReader
  vars: ReadonlyMap<string, Variable>
  objects: readonly RenderedObject[]
  declared?: {podCIDRs?: Declared<string[]>; serviceCIDRs?: Declared<string[]>; nodeCIDRs?: Declared<string[]>}
}

export function podCIDRs({reader, vars, objects, declared}: AddressingInput): Fact<Cidr[]> {
  if (declared?.podCIDRs) return fromDeclared(declared.podCIDRs)
  const names = VARIABLE_NAMES.podCIDR
  if (reader) {
    const mode = asString(reader.get(['ipam', 'mode']))
    if (!mode.known) return mode
    if (mode.value === 'cluster-pool') {
      const v4 = asBool(reader.get(['ipv4', 'enabled']))
      const v6 = asBool(reader.get(['ipv6', 'enabled']))
      if (!v4.known) return v4
      if (!v6.known) return v6
      const four = v4.value ? fromFact(reader.get(['ipam', 'operator', 'clusterPoolIPv4PodCIDRList'], names), vars, names) : known([])
      const six = v6.value ? fromFact(reader.get(['ipam', 'operator', 'clusterPoolIPv6PodCIDRList'], names), vars, names) : known([])
      return concat(four, six)
    }
    if (mode.value === 'multi-pool') return multiPool(reader, objects)
  }
  // ipam.mode kubernetes (and cloud modes): Kubernetes assigns node PodCIDRs; the settings say which.
  return (
    fromVariables(vars, names, 'Pod') ??
    unknown('PodCIDRs are assigned outside Cilium (ipam.mode) and no POD_CIDR-style setting or .kubectl-mesh.yaml podCIDRs says which')
  )
}

export function serviceCIDRs({vars, declared}: AddressingInput): Fact<Cidr[]> {
  if (declared?.serviceCIDRs) return fromDeclared(declared.serviceCIDRs)
  return (
    fromVariables(vars, VARIABLE_NAMES.serviceCIDR, 'Service') ??
    unknown('no SERVICE_CIDR-style setting or .kubectl-mesh.yaml serviceCIDRs')
  )
}

/** Node networks are optional: none declared means nothing to compare, not an unknown. */
export function nodeCIDRs({vars, declared}: AddressingInput): Fact<Cidr[]> {
  if (declared?.nodeCIDRs) return fromDeclared(declared.nodeCIDRs)
  return fromVariables(vars, VARIABLE_NAMES.nodeCIDR, 'node') ?? known([])
}
