// The clusters dns-check looks at: the repository's clusters that run a clustermesh-apiserver, each joined with
// the context that serves it (the context declared in .kubectl-mesh.yaml; else matched by Cilium cluster-name, else by
// context name), plus contexts the repository does not know. --name overrides are matched here too.
import {UsageError} from '../cli/errors.js'
import {type Fact, known, unknown} from '../mesh/fact.js'
import type {MeshCluster, MeshModel} from '../mesh/types.js'
import type {LiveCluster} from './live.js'
import {pickName} from './names.js'
import {apiserverClusters, meshNameOf, peerPortsOf, pinnedOf, poolsOf} from './repository.js'
import type {DnsTarget, PeerPort} from './types.js'

export interface TargetInputs {
  model?: MeshModel
  live: readonly LiveCluster[]
  /** --name CLUSTER=FQDN, by the cluster (repository name, Cilium name or context). */
  names: ReadonlyMap<string, string>
}

/** A target before its name is picked; `repo` and `source` are the repository's and the context's view of it. */
type Pending = Omit<DnsTarget, 'pick' | 'lookup'> & {repo?: MeshCluster; source?: LiveCluster}

function matchLive(model: MeshModel | undefined, live: LiveCluster, taken: Set<MeshCluster>): MeshCluster | undefined {
  // A cluster with a context declared in .kubectl-mesh.yaml is served by that context only.
  const candidates = (model?.clusters ?? []).filter((c) => c.cilium && !taken.has(c) && (!c.context || c.context === live.context))
  const by = (name?: string) => (name ? candidates.find((c) => meshNameOf(c) === name || c.name === name) : undefined)
  return candidates.find((c) => c.context === live.context) ?? by(live.clusterName) ?? by(live.context)
}

function fromRepository(m: MeshCluster, model: MeshModel, live?: LiveCluster): Pending {
  const repoPools = poolsOf(m)
  const useLivePools = live?.pools && repoPools.known && repoPools.value.length === 0
  return {
    repo: m,
    ...(live ? {source: live} : {}),
    cluster: m.name,
    meshName: meshNameOf(m),
    ...(live ? {context: live.context, live: live.service} : {}),
    pinned: pinnedOf(m),
    pools: useLivePools ? {...live.pools!, from: 'live'} : {...repoPools, from: 'repository'},
    serviceType: m.clustermesh.serviceType,
    servicePort: m.clustermesh.port,
    peerPorts: peerPortsOf(m, model),
  }
}

function liveOnly(live: LiveCluster, taken: ReadonlySet<string>): Pending {
  const name = live.clusterName && !taken.has(live.clusterName) ? live.clusterName : live.context
  return {
    source: live,
    cluster: name,
    meshName: live.clusterName ?? live.context,
    context: live.context,
    live: live.service,
    ...(live.pools ? {pools: {...live.pools, from: 'live' as const}} : {}),
  }
}

/** Entries naming `x` in the mesh Secrets of the other live clusters; undefined when none has a mesh Secret. */
function livePeerPorts(x: Pending, all: readonly Pending[]): Fact<PeerPort[]> | undefined {
  const sources = all.filter((o) => o !== x && o.source?.peers)
  if (sources.length === 0) return undefined
  const out: PeerPort[] = []
  const reasons: string[] = []
  for (const o of sources) {
    const peers = o.source!.peers!
    if (!peers.known) {
      reasons.push(peers.reason)
      continue
    }
    const secret = peers.secret
    const via = `Secret ${secret?.namespace}/${secret?.name} in context ${o.source!.context}`
    for (const e of peers.value)
      if (e.peer === x.meshName) out.push({from: o.cluster, port: e.port, address: e.host, via, origin: secret ? {resource: secret} : {}})
  }
  return out.length === 0 && reasons.length === sources.length ? unknown(reasons.join('; ')) : known(out)
}

/** The repository's peer entries and the live Secrets' together; one that can be read is enough. */
function peerPorts(x: Pending, all: readonly Pending[]): Pick<DnsTarget, 'peerPorts'> {
  const repo = x.peerPorts
  const live = livePeerPorts(x, all)
  if (!repo || !live) return repo ?? live ? {peerPorts: (repo ?? live)!} : {}
  if (repo.known && live.known) return {peerPorts: known([...repo.value, ...live.value])}
  if (repo.known || live.known) return {peerPorts: repo.known ? repo : live}
  return {peerPorts: unknown(`${repo.reason}; ${live.reason}`)}
}

export function buildTargets({model, live, names}: TargetInputs): DnsTarget[] {
  const taken = new Set<MeshCluster>()
  const joined = new Map<MeshCluster, LiveCluster>()
  const unmatched: LiveCluster[] = []
  for (const l of live) {
    const m = matchLive(model, l, taken)
    if (m) {
      taken.add(m)
      joined.set(m, l)
    } else unmatched.push(l)
  }
  const pending: Pending[] = []
  if (model) {
    const repoTargets = new Set([...apiserverClusters(model), ...joined.keys()])
    for (const m of model.clusters) if (repoTargets.has(m)) pending.push(fromRepository(m, model, joined.get(m)))
  }
  const used = new Set(pending.map((p) => p.cluster))
  for (const l of unmatched) {
    const t = liveOnly(l, used)
    used.add(t.cluster)
    pending.push(t)
  }
  const keyOf = (t: Pending) => [...names.keys()].find((k) => k === t.cluster || k === t.meshName || k === t.context)
  const unknownNames = [...names.keys()].filter((k) => !pending.some((t) => keyOf(t) === k))
  if (unknownNames.length)
    throw new UsageError(
      `--name: no cluster ${unknownNames.map((k) => `"${k}"`).join(', ')}; clusters: ${pending.map((t) => t.cluster).sort().join(', ') || 'none'}`,
    )
  return pending
    .map((t) => ({...t, ...peerPorts(t, pending)}))
    .map(({repo, source: _source, ...t}) => {
      const key = keyOf(t)
      const flag = key === undefined ? undefined : names.get(key)
      const liveHostnames = t.live?.ok ? t.live.service.hostnames : undefined
      const pick = pickName({
        ...(repo ? {cluster: repo} : {}),
        all: model?.clusters ?? [],
        meshName: t.meshName,
        ...(flag ? {flag} : {}),
        ...(liveHostnames ? {liveHostnames} : {}),
      })
      return {...t, pick}
    })
    .sort((a, b) => a.cluster.localeCompare(b.cluster))
}
