// CM215: clustermesh.config.clusters entries the chart turns into broken configs: no port (the endpoint renders
// with an empty port), neither address nor ips, or a name that is not a cluster of the mesh (the file name must be
// the remote cluster name). A cluster that no peer list names is never connected to [warning].
import {at} from '../../mesh/fact.js'
import type {MeshCluster, PeerEntry} from '../../mesh/types.js'
import {type MeshCheck, meshForPairs, meshName} from './support.js'

const rendersPeers = (m: MeshCluster) => m.clustermesh.configEnabled.known && m.clustermesh.configEnabled.value && m.clustermesh.peers.known

function entryProblems(e: PeerEntry, names: Set<string> | undefined, own: string): string[] {
  const out: string[] = []
  if (e.port === undefined) out.push('has no port (the chart renders the endpoint with an empty port)')
  else if (!/^\d+$/.test(String(e.port)) || Number(e.port) < 1 || Number(e.port) > 65535) out.push(`has port ${JSON.stringify(e.port)}, not a port number`)
  if (!e.address && e.ips.length === 0) out.push('has neither address nor ips')
  if (names && e.name !== own && !names.has(e.name)) out.push(`names "${e.name}", which is not a cluster of the mesh (${[...names].sort().join(', ')})`)
  return out
}

export const CM215: MeshCheck = {
  id: 'CM215',
  run(model, ctx) {
    const members = meshForPairs(model, ctx)
    const withRelease = model.clusters.filter((c) => c.cilium)
    const namesKnown = withRelease.every((c) => c.clusterName.known)
    const names = namesKnown ? new Set(withRelease.map(meshName)) : undefined
    const failed = new Set<string>()
    for (const m of members) {
      if (!rendersPeers(m) || !m.clustermesh.peers.known) continue
      if (!names) ctx.skip({cluster: m.name}, 'the cluster names of the mesh are not all known')
      for (const e of m.clustermesh.peers.value) {
        const problems = entryProblems(e, names, meshName(m))
        if (problems.length === 0) continue
        failed.add(m.name)
        ctx.report({cluster: m.name, message: `clustermesh.config.clusters entry "${e.name}" ${problems.join('; ')}`, ...at({pos: e.pos, resource: e.resource})})
      }
    }
    // A cluster no peer names: only decidable when every other member's peer list comes from the chart.
    for (const m of members) {
      const others = members.filter((o) => o !== m)
      if (others.length === 0) continue
      if (!others.every(rendersPeers)) continue
      const name = meshName(m)
      const listed = others.some((o) => o.clustermesh.peers.known && o.clustermesh.peers.value.some((p) => p.name === name))
      if (listed) continue
      failed.add(m.name)
      ctx.report({
        cluster: m.name,
        peer: others[0].name,
        severity: 'warning',
        message: `no peer lists ${name} in clustermesh.config.clusters (${others.map((o) => o.name).join(', ')}): nobody connects to it`,
        ...at(others[0].clustermesh.peers),
      })
    }
    for (const m of members) if (!failed.has(m.name)) ctx.pass({cluster: m.name})
  },
}
