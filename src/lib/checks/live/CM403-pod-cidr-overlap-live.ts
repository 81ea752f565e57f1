// CM403: pod IPs must be unique across the mesh, or they collide in every agent's ipcache. PodCIDRs come from what
// the cluster allocates (CiliumNode spec.ipam.podCIDRs, else Node spec.podCIDRs) and from cilium-config's cluster pool.
import {type IpRange, overlaps, parseCidr} from '../../mesh/cidr.js'
import {atLeastTwo, type LiveCheck, need, pairs, type Reached, who} from './support.js'

interface Source {
  cidr: string
  range: IpRange
  from: string // "CiliumNode k8s-1 spec.ipam.podCIDRs"
}

function podCIDRs(c: Reached): Source[] {
  const r = c.reads
  const out: Source[] = []
  const add = (cidr: string, from: string) => {
    const range = parseCidr(cidr)
    if (range) out.push({cidr, range, from})
  }
  const ciliumNodes = r.ciliumNodes.ok ? r.ciliumNodes.value.filter((n) => n.podCIDRs.length > 0) : []
  if (ciliumNodes.length > 0) for (const n of ciliumNodes) for (const cidr of n.podCIDRs) add(cidr, `CiliumNode ${n.name} spec.ipam.podCIDRs`)
  else if (r.nodes.ok) for (const n of r.nodes.value) for (const cidr of n.podCIDRs) add(cidr, `Node ${n.name} spec.podCIDRs`)
  if (r.config.ok && r.config.value) for (const cidr of r.config.value.clusterPoolCIDRs) add(cidr, 'cilium-config cluster-pool')
  return out
}

export const CM403: LiveCheck = {
  id: 'CM403',
  run(model, ctx) {
    const clusters = atLeastTwo(model, ctx)
    if (!clusters) return
    const usable = clusters.filter((c) => need(ctx, c, c.reads.config, c.reads.ciliumNodes, c.reads.nodes))
    const cidrs = new Map(usable.map((c) => [c, podCIDRs(c)]))
    for (const c of usable) if (cidrs.get(c)!.length === 0) ctx.skip({cluster: c.context}, 'no PodCIDR found (CiliumNode, Node or cilium-config cluster-pool)')
    const failed = new Set<Reached>()
    for (const [a, b] of pairs(usable)) {
      const hits = cidrs.get(b)!.flatMap((x) => cidrs.get(a)!.filter((y) => overlaps(x.range, y.range)).map((y) => ({x, y})))
      if (hits.length === 0) continue
      failed.add(b)
      const {x, y} = hits[0]
      ctx.report({
        cluster: b.context,
        peer: a.context,
        message: `PodCIDR ${x.cidr} of ${who(b)} (${x.from}) overlaps ${y.cidr} of ${who(a)} (${y.from})${hits.length > 1 ? `, and ${hits.length - 1} more overlaps` : ''}`,
        details: hits.slice(0, 10).map((h) => `${who(b)} ${h.x.from}: ${h.x.cidr} ↔ ${who(a)} ${h.y.from}: ${h.y.cidr}`),
      })
    }
    for (const c of usable) if (!failed.has(c) && cidrs.get(c)!.length > 0) ctx.pass({cluster: c.context})
  },
}
