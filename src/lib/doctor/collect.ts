// One cluster, one context: reachable? → every read at once → the agents' views and host names, concurrently.
// Nothing here decides anything; a failure is recorded where it happened and collection goes on.
import type {ClusterClient} from '../kube/index.js'
import {probeDns} from '../probe/dns.js'
import {hostsToResolve} from './endpoints.js'
import {readCluster} from './reads.js'
import type {LiveCluster, Resolution} from './types.js'
import {agentViews, kvstoremeshViews, type PodExec} from './views.js'

export interface CollectOptions {
  namespace: string
  exec: PodExec
  /** Longest a single DNS lookup may take. */
  dnsTimeoutMs: number
  /** Ask the agents and KVStoreMesh for their view (only when CM311 runs: exec is the heaviest read). */
  views: boolean
}

export async function collectCluster(client: ClusterClient, options: CollectOptions): Promise<LiveCluster> {
  const start = Date.now()
  const base = {context: client.context, server: client.server, namespace: options.namespace, resolved: {}}
  // Asked together with the reads (one round trip less); when /version fails, the reads are not used.
  const [version, reads] = await Promise.all([client.serverVersion(), readCluster(client, options.namespace)])
  if (!version.ok) return {...base, reach: version, ms: Date.now() - start}
  const [agents, kvstoremesh, resolved] = await Promise.all([
    options.views ? agentViews(options.exec, client, options.namespace, reads) : undefined,
    options.views ? kvstoremeshViews(options.exec, client, options.namespace, reads) : undefined,
    resolveAll(hostsToResolve(reads), options.dnsTimeoutMs),
  ])
  return {
    ...base,
    reach: {ok: true, value: version.value.gitVersion},
    reads,
    ...(agents ? {agentViews: agents} : {}),
    ...(kvstoremesh ? {kvstoremeshViews: kvstoremesh} : {}),
    resolved,
    ms: Date.now() - start,
  }
}

async function resolveAll(hosts: string[], timeoutMs: number): Promise<Record<string, Resolution>> {
  const entries = await Promise.all(
    hosts.map(async (name): Promise<[string, Resolution]> => {
      const r = await probeDns({name, timeoutMs})
      return [name, r.ok ? {ok: true, addresses: r.addresses.map((a) => a.address)} : {ok: false, reason: `${r.error}: ${r.message}`}]
    }),
  )
  return Object.fromEntries(entries)
}
