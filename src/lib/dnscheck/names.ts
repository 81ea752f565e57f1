// The name a cluster's clustermesh-apiserver is known by (../shared/spec/checks.md, end): --name; .kubectl-mesh.yaml;
// a CILIUM_CLUSTERMESH_FQDN-style setting; the address peers use; the name the live Service publishes;
// otherwise <cluster>-cilium-apiserver.<SECRET_DOMAIN>. Host aliases (<name>.mesh.cilium.io) are never DNS names.
import net from 'node:net'
import type {Origin} from '../mesh/fact.js'
import type {MeshCluster} from '../mesh/types.js'
import {firstDefined, VARIABLE_NAMES} from '../mesh/variables.js'
import type {NameChoice, NamePick} from './types.js'

export const DEFAULT_ALIAS_DOMAIN = 'mesh.cilium.io'

export interface NameInputs {
  /** The repository's view of the cluster, when there is one. */
  cluster?: MeshCluster
  /** Every repository cluster (their peer lists name this one). */
  all: readonly MeshCluster[]
  /** Cilium's cluster.name: what peers' entries and the default name use. */
  meshName: string
  /** --name CLUSTER=FQDN */
  flag?: string
  /** external-dns.alpha.kubernetes.io/hostname of the live Service. */
  liveHostnames?: readonly string[]
}

const bare = (name: string) => name.trim().toLowerCase().replace(/\.$/, '')

/** The domains Cilium writes host aliases under: mesh.cilium.io and every clustermesh.config.domain. */
export function aliasDomains(all: readonly MeshCluster[]): string[] {
  const domains = new Set([DEFAULT_ALIAS_DOMAIN])
  for (const c of all) if (c.clustermesh.domain.known && c.clustermesh.domain.value) domains.add(bare(c.clustermesh.domain.value))
  return [...domains]
}

export const isHostAlias = (name: string, domains: readonly string[]) =>
  domains.some((d) => bare(name) === d || bare(name).endsWith(`.${d}`))

const samePos = (a: Origin['pos'], b: Origin['pos']) => Boolean(a && b && a.file === b.file && a.line === b.line && a.column === b.column)

/** The repository's own fqdn fact, when it comes from .kubectl-mesh.yaml or an FQDN setting (not derived). */
function declaredOrVariable(c: MeshCluster, all: readonly MeshCluster[]): {choice?: NameChoice; reason?: string} {
  const f = c.clustermesh.fqdn
  const fqdnVariable = f.variable && (VARIABLE_NAMES.fqdn as readonly string[]).includes(f.variable.name)
  if (!f.known) return fqdnVariable ? {reason: f.reason} : {}
  if (fqdnVariable) return {choice: {name: f.value, rule: 'variable', via: f.variable!.name, origin: f}}
  if (f.variable) return {} // <cluster>-cilium-apiserver.<SECRET_DOMAIN>: computed again below, in its turn
  const fromPeer = all.some((o) => o.clustermesh.peers.known && o.clustermesh.peers.value.some((p) => samePos(p.pos, f.pos)))
  if (fromPeer) return {}
  return {choice: {name: f.value, rule: 'declared', via: '.kubectl-mesh.yaml', origin: f}}
}

function peerAddresses(input: NameInputs): NameChoice[] {
  const out: NameChoice[] = []
  for (const other of input.all) {
    if (other === input.cluster || !other.clustermesh.peers.known) continue
    for (const p of other.clustermesh.peers.value)
      if (p.name === input.meshName && p.address && net.isIP(p.address) === 0)
        out.push({name: p.address, rule: 'peer-address', via: `the address ${other.name} uses`, origin: {pos: p.pos, resource: p.resource}})
  }
  return out
}

function secretDomainName(input: NameInputs): {choice?: NameChoice; reason?: string} {
  if (!input.cluster) return {}
  const hit = firstDefined(input.cluster.variables, VARIABLE_NAMES.secretDomain)
  if (!hit) return {}
  const variable = {name: hit.name, ...(hit.variable.source ? {pos: hit.variable.source} : {})}
  if (hit.variable.unknown) return {reason: `${hit.name} is SOPS-encrypted, so <cluster>-cilium-apiserver.<${hit.name}> is unknown`}
  const name = `${input.meshName}-cilium-apiserver.${hit.variable.value}`
  return {choice: {name, rule: 'secret-domain', via: `<cluster>-cilium-apiserver.<${hit.name}>`, origin: {variable, pos: variable.pos}}}
}

/** Picks the first usable name; host aliases and unknowns are passed over, with the reason kept. */
export function pickName(input: NameInputs): NamePick {
  const domains = aliasDomains(input.all)
  const passedOver: string[] = []
  const reasons: string[] = []
  const candidates: (() => {choice?: NameChoice; reason?: string} | NameChoice[])[] = [
    () => (input.flag ? {choice: {name: input.flag, rule: 'flag', via: '--name'}} : {}),
    () => (input.cluster ? declaredOrVariable(input.cluster, input.all) : {}),
    () => peerAddresses(input),
    () => (input.liveHostnames ?? []).map((name) => ({name, rule: 'service-annotation' as const, via: 'the Service annotation external-dns.alpha.kubernetes.io/hostname'})),
    () => secretDomainName(input),
  ]
  for (const next of candidates) {
    const got = next()
    const choices = Array.isArray(got) ? got : got.choice ? [got.choice] : []
    if (!Array.isArray(got) && got.reason) reasons.push(got.reason)
    for (const choice of choices) {
      if (isHostAlias(choice.name, domains)) {
        passedOver.push(`${choice.name} (${choice.via}) is a host alias inside the pods, not a DNS name`)
        continue
      }
      return {ok: true, choice: {...choice, name: bare(choice.name)}, passedOver}
    }
  }
  const why = reasons.length
    ? reasons.join('; ')
    : `no name is known for ${input.meshName}: no .kubectl-mesh.yaml fqdn, FQDN setting, peer address, Service hostname annotation or SECRET_DOMAIN`
  return {ok: false, reason: `${why}; give one with --name ${input.meshName}=FQDN`, passedOver}
}
