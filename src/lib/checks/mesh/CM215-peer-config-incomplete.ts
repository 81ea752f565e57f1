// CM215: clustermesh.config.clusters entries the chart turns into broken configs: no port (the endpoint renders
// with an empty port), neither address nor ips, or a name that is not a cluster of the mesh (the file name must be
// the remote cluster name). A cluster that no peer list names is never connected to [warning].
import {at} from '../../mesh/fact.js'
import type {MeshCluster, PeerEntry} from '../../mesh/types.js'
import {compareMinor} from '../../mesh/chart-defaults.js'
import {connectsTo, type MeshCheck, meshForPairs, meshName, withCilium} from './support.js'

const rendersPeers = (m: MeshCluster) => m.clustermesh.configEnabled.known && m.clustermesh.configEnabled.value && m.clustermesh.peers.known

/** Why a cluster's peer list cannot be read from the repository. */
function peerListUnknown(o: MeshCluster): string {
  const cm = o.clustermesh
  if (!cm.configEnabled.known) return cm.configEnabled.reason
  if (cm.configEnabled.value && !cm.peers.known) return cm.peers.reason
  const secret = o.meshSecrets.find((p) => p.kind !== 'chart')
  if (secret && !secret.keys)
    return `${o.name}'s peers come from ${secret.sops ? 'SOPS ' : ''}${secret.kind} ${secret.resource?.namespace ? `${secret.resource.namespace}/` : ''}${secret.resource?.name ?? secret.secret}, whose entries the repository does not show`
  if (cm.configEnabled.value && cm.peers.known) return `${o.name}'s peer list is not known`
  return `${o.name} has no clustermesh.config and no mesh Secret in the repository (joined out of band)`
}

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
    // The shape the chart accepts: a list in 1.16–1.18 (values.schema.json "type": "array"), a list or a map keyed
    // by name from 1.19 (["object","array"]); anything else fails ("unknown type %s for clustermesh.config.clusters").
    for (const m of withCilium(model)) {
      const form = m.clustermesh.peersForm
      if (!form?.known || !m.cilium || form.value === 'list') continue
      const minor = m.cilium.defaults.chart
      const mapOk = compareMinor(minor, '1.19') >= 0
      if (form.value === 'map' && mapOk) continue
      failed.add(m.name)
      ctx.report({
        cluster: m.name,
        message:
          form.value === 'map'
            ? `clustermesh.config.clusters is a map; the Cilium chart ${minor}${m.cilium.defaults.assumed ? ' (assumed)' : ''} accepts only a list (values.schema.json), so the HelmRelease fails (maps are accepted from 1.19)`
            : `clustermesh.config.clusters is neither a list nor a map: the chart fails to render`,
        ...at(form),
      })
    }
    for (const m of members) {
      if (failed.has(m.name)) continue
      if (!rendersPeers(m) || !m.clustermesh.peers.known) continue
      if (!names) ctx.skip({cluster: m.name}, 'the cluster names of the mesh are not all known')
      for (const e of m.clustermesh.peers.value) {
        const problems = entryProblems(e, names, meshName(m))
        if (problems.length === 0) continue
        failed.add(m.name)
        ctx.report({cluster: m.name, message: `clustermesh.config.clusters entry "${e.name}" ${problems.join('; ')}`, ...at({pos: e.pos, resource: e.resource})})
      }
    }
    // A cluster no peer names: only decidable when every other member's peer list comes from the chart. A list held
    // in an ExternalSecret/SOPS Secret, or a mesh joined out of band, is unknown: skip, never pass.
    const skipped = new Set<string>()
    for (const m of members) {
      const others = members.filter((o) => o !== m)
      if (others.length === 0) continue
      const name = meshName(m)
      if (others.some((o) => connectsTo(o, m))) continue
      // Unknown: a Secret whose entries cannot be read, or neither a rendered list nor a mesh Secret (out of band).
      const unknownList = others.find(
        (o) => connectsTo(o, m) === undefined || (!rendersPeers(o) && !o.meshSecrets.some((p) => p.kind !== 'chart')),
      )
      if (unknownList) {
        skipped.add(m.name)
        ctx.skip({cluster: m.name}, `whether a peer lists ${name} is unknown: ${peerListUnknown(unknownList)}`)
        continue
      }
      failed.add(m.name)
      ctx.report({
        cluster: m.name,
        peer: others[0].name,
        severity: 'warning',
        message: `no peer lists ${name} in clustermesh.config.clusters (${others.map((o) => o.name).join(', ')}): nobody connects to it`,
        ...at(others[0].clustermesh.peers),
      })
    }
    for (const m of members) if (!failed.has(m.name) && !skipped.has(m.name)) ctx.pass({cluster: m.name})
  },
}
