// Where a cluster's mesh configuration points at its peers, and where a cluster can be reached: the pure helpers
// shared by collection (what to resolve) and the checks (CM307, CM310, CM405).
import {hostPort as liveHostPort, isAliasDomain, isIp, parseEndpoint as parseLiveEndpoint} from '../live/endpoint.js'
import {entryVerdict} from '../live/mesh-secret.js'
import type {KubeResult} from '../kube/index.js'
import type {ClusterReads, HostAlias, LiveCluster, MeshSecret, PeerEntry, Resolution} from './types.js'

/** KVStoreMesh on: the remote endpoints live in cilium-kvstoremesh; cilium-clustermesh points at the local cache. */
export function usesKvstoremesh(reads: ClusterReads): boolean {
  return reads.apiserver.ok && reads.apiserver.value?.kvstoremesh === true
}

/** The Secret whose entries dial the remote clusters. */
export function remoteSecret(reads: ClusterReads): KubeResult<MeshSecret | undefined> {
  return usesKvstoremesh(reads) ? reads.kvstoremeshSecret : reads.clustermeshSecret
}

/** Host aliases the dialling pods see: the DaemonSet's (agents) or the Deployment's (KVStoreMesh), plus the entry's own. */
export function aliasesFor(reads: ClusterReads, entry: PeerEntry): HostAlias[] {
  const pods = usesKvstoremesh(reads)
    ? reads.apiserver.ok && reads.apiserver.value ? reads.apiserver.value.hostAliases : []
    : reads.agents.ok && reads.agents.value ? reads.agents.value.hostAliases : []
  return [...pods, ...entry.hostAliases]
}

export interface Endpoint {
  url: string
  host: string
  port: number
}

/** An endpoint the agents can dial (src/lib/live decides: https with an explicit port), or undefined. */
export function parseEndpoint(url: string): Endpoint | undefined {
  const e = parseLiveEndpoint(url)
  return e.ok ? {url, host: e.host, port: e.port} : undefined
}

export {isAliasDomain, isIp}

export type EndpointAddresses = {ok: true; ips: string[]; via: string} | {ok: false; reason: string}

/** The IPs an endpoint host means to the dialling pods: an IP, a host alias, or what DNS says from here. */
export function addressesOf(host: string, aliases: HostAlias[], resolved: Record<string, Resolution>): EndpointAddresses {
  if (isIp(host)) return {ok: true, ips: [host], via: 'address'}
  const aliased = aliases.filter((a) => a.hostnames.includes(host)).map((a) => a.ip)
  if (aliased.length > 0) return {ok: true, ips: aliased, via: 'host alias'}
  if (isAliasDomain(host)) return {ok: false, reason: `${host} has no host alias (clustermesh.config.clusters[].ips) in the pods that dial it`}
  const r = resolved[host]
  if (!r) return {ok: false, reason: `${host} was not resolved`}
  return r.ok ? {ok: true, ips: r.addresses, via: 'DNS'} : {ok: false, reason: `${host} does not resolve from here (${r.reason})`}
}

/** Host names doctor must resolve for one cluster: peer endpoints outside the alias domain, and LB hostnames. */
export function hostsToResolve(reads: ClusterReads): string[] {
  const hosts = new Set<string>()
  const secret = remoteSecret(reads)
  if (secret.ok && secret.value) {
    for (const entry of secret.value.peers) {
      const aliases = aliasesFor(reads, entry)
      for (const url of entry.endpoints) {
        const ep = parseEndpoint(url)
        if (ep && !isIp(ep.host) && !isAliasDomain(ep.host) && !aliases.some((a) => a.hostnames.includes(ep.host))) hosts.add(ep.host)
      }
    }
  }
  if (reads.service.ok && reads.service.value) for (const i of reads.service.value.ingress) if (i.hostname && !i.ip) hosts.add(i.hostname)
  return [...hosts]
}

export interface LiveAddress {
  ip: string
  port: number
  via: string // "LoadBalancer", "node k8s-1 (InternalIP)"
  /** The address the Service type promises (LB ingress for a LoadBalancer); node ports of a LoadBalancer are not. */
  primary: boolean
}

export type ServiceAddresses = {ok: true; type: string; addresses: LiveAddress[]} | {ok: false; reason: string}

/** Every address:port a peer may use to reach this cluster's clustermesh-apiserver. */
export function serviceAddresses(c: LiveCluster): ServiceAddresses {
  const reads = c.reads
  if (!reads) return {ok: false, reason: `context ${c.context} was not reached`}
  if (!reads.service.ok) return {ok: false, reason: reads.service.error.message}
  const svc = reads.service.value
  if (!svc) return {ok: false, reason: 'Service clustermesh-apiserver not found'}
  // The chart's Service exposes 2379 (clustermesh.apiserver.service); take it, or the only port.
  const port = svc.ports.find((p) => p.port === 2379) ?? svc.ports[0]
  const out: LiveAddress[] = []
  if (svc.type === 'LoadBalancer' && port) {
    for (const i of svc.ingress) {
      if (i.ip) out.push({ip: i.ip, port: port.port, via: 'LoadBalancer', primary: true})
      else if (i.hostname) {
        const r = c.resolved[i.hostname]
        if (r?.ok) for (const ip of r.addresses) out.push({ip, port: port.port, via: `LoadBalancer ${i.hostname}`, primary: true})
      }
    }
  }
  if ((svc.type === 'NodePort' || svc.type === 'LoadBalancer') && port?.nodePort && reads.nodes.ok) {
    for (const node of reads.nodes.value)
      for (const a of node.addresses)
        if ((a.type === 'InternalIP' || a.type === 'ExternalIP') && isIp(a.address)) out.push({ip: a.address, port: port.nodePort, via: `node ${node.name} (${a.type})`, primary: svc.type === 'NodePort'})
  }
  return {ok: true, type: svc.type, addresses: out}
}

export type EntryTargets = {ok: true; targets: {ip: string; port: number; url: string; via: string}[]} | {ok: false; reason: string}

/** The ip:port pairs one mesh Secret entry of a cluster dials, through that cluster's host aliases (or DNS). */
export function entryTargets(c: LiveCluster, entry: PeerEntry): EntryTargets {
  if (!c.reads) return {ok: false, reason: `context ${c.context} was not reached`}
  const unusable = entryVerdict(entry.name, entry.problems ?? [])
  if (unusable) return {ok: false, reason: unusable}
  const aliases = aliasesFor(c.reads, entry)
  const targets: {ip: string; port: number; url: string; via: string}[] = []
  const reasons: string[] = []
  for (const url of entry.endpoints) {
    const ep = parseEndpoint(url)
    if (!ep) continue // an entry with an unusable endpoint was refused above
    const addrs = addressesOf(ep.host, aliases, c.resolved)
    if (addrs.ok) for (const ip of addrs.ips) targets.push({ip, port: ep.port, url, via: addrs.via})
    else reasons.push(addrs.reason)
  }
  return targets.length > 0 ? {ok: true, targets} : {ok: false, reason: reasons.join('; ') || 'no endpoints'}
}

export const hostPort = (t: {ip: string; port: number}) => liveHostPort(t.ip, t.port)
