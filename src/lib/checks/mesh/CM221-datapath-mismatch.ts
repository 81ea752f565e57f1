// CM221: clusters of a mesh need the same datapath mode and, in native routing, an ipv4NativeRoutingCIDR that
// covers every cluster's PodCIDRs (Documentation/network/clustermesh/clustermesh.rst, "Cluster Addressing Requirements").
import {coveredBy, parseCidr} from '../../mesh/cidr.js'
import {at, provenance} from '../../mesh/fact.js'
import type {MeshCluster} from '../../mesh/types.js'
import {exchangingPairs, majority, type MeshCheck, parsedCidrs} from './support.js'

/** "native" or "tunnel/vxlan": clusters must agree on both the mode and, when tunnelling, the protocol. */
function datapathKey(m: MeshCluster): string | undefined {
  const r = m.datapath.routingMode
  const t = m.datapath.tunnelProtocol
  if (!r.known) return undefined
  if (r.value !== 'tunnel') return r.value
  return t.known ? `tunnel/${t.value}` : undefined
}

function mismatch(m: MeshCluster, ref: MeshCluster): string {
  const [r, rr] = [m.datapath.routingMode, ref.datapath.routingMode]
  if (r.known && rr.known && r.value !== rr.value)
    return `routingMode is ${r.value}${provenance(r)} in ${m.name} but ${rr.value} in ${ref.name}`
  const [t, tr] = [m.datapath.tunnelProtocol, ref.datapath.tunnelProtocol]
  return `tunnelProtocol is ${t.known ? t.value : '?'}${provenance(t)} in ${m.name} but ${tr.known ? tr.value : '?'} in ${ref.name}`
}

/** Native routing in x: its ipv4NativeRoutingCIDR must cover y's IPv4 PodCIDRs, or pod traffic to y is masqueraded. */
function uncovered(x: MeshCluster, y: MeshCluster): string[] | undefined {
  const mode = x.datapath.routingMode
  const cidr = x.datapath.ipv4NativeRoutingCIDR
  if (!mode.known || mode.value !== 'native' || !cidr.known || cidr.value === '' || !y.podCIDRs.known) return undefined
  const range = parseCidr(cidr.value)
  if (!range) return undefined
  return parsedCidrs(y.podCIDRs.value)
    .filter((p) => p.range.family === 4 && !coveredBy(p.range, [range]))
    .map((p) => p.cidr.cidr)
}

export const CM221: MeshCheck = {
  id: 'CM221',
  run(model, ctx) {
    // Only pairs that exchange mesh state are compared (support.ts exchange); the others are skipped with the reason.
    const {pairs, linked, clusters} = exchangingPairs(model, ctx)
    const failed = new Set<string>()
    for (const m of clusters) if (!m.datapath.routingMode.known) ctx.skip({cluster: m.name}, m.datapath.routingMode.reason)
    const keyed = clusters.flatMap((m) => {
      const key = datapathKey(m)
      return key ? [{key, item: m}] : []
    })
    const {reference} = majority(keyed)
    for (const {key, item: m} of keyed) {
      if (key === reference) continue
      // Compared with a connected cluster of the majority's datapath, else with any connected cluster that differs.
      const peers = keyed.filter((o) => o.item !== m && o.key !== key && linked(m, o.item))
      const ref = (peers.find((o) => o.key === reference) ?? peers[0])?.item
      if (!ref) continue
      failed.add(m.name)
      const f = m.datapath.routingMode.known && ref.datapath.routingMode.known && m.datapath.routingMode.value !== ref.datapath.routingMode.value
        ? m.datapath.routingMode
        : m.datapath.tunnelProtocol
      ctx.report({cluster: m.name, peer: ref.name, message: mismatch(m, ref), ...at(f)})
    }
    for (const [a, b] of pairs) {
      for (const [x, y] of [[a, b], [b, a]] as const) {
        const missing = uncovered(x, y)
        if (!missing?.length) continue
        failed.add(x.name)
        const f = x.datapath.ipv4NativeRoutingCIDR
        ctx.report({
          cluster: x.name,
          peer: y.name,
          message: `ipv4NativeRoutingCIDR ${f.known ? f.value : ''}${provenance(f)} of ${x.name} does not cover PodCIDR ${missing.join(', ')} of ${y.name}: traffic to its pods is masqueraded`,
          ...at(f),
        })
      }
    }
    for (const m of clusters) if (m.datapath.routingMode.known && !failed.has(m.name)) ctx.pass({cluster: m.name})
  },
}
