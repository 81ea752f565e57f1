// CM206: a cluster's PodCIDR must not overlap another cluster's ServiceCIDR or node network: remote pod addresses
// would be taken for local services or nodes. Only pairs that exchange mesh state are compared (support.ts exchange).
import {reportOverlap} from './cidr-overlap.js'
import {exchangingPairs, type MeshCheck} from './support.js'

export const CM206: MeshCheck = {
  id: 'CM206',
  run(model, ctx) {
    const {linked, clusters} = exchangingPairs(model, ctx)
    const failed = new Set<string>()
    for (const a of clusters) if (!a.podCIDRs.known) ctx.skip({cluster: a.name}, `PodCIDRs: ${a.podCIDRs.reason}`)
    // Each direction: a's pods against b's services and nodes, in model order as before.
    const ordered = clusters.flatMap((a) =>
      clusters.filter((b) => b !== a && linked(a, b)).map((b) => [a, b] as const),
    )
    for (const [a, b] of ordered) {
      if (!a.podCIDRs.known) continue
      const pod = {m: a, label: 'PodCIDR', fact: a.podCIDRs}
      if (reportOverlap(ctx, pod, {m: b, label: 'ServiceCIDR', fact: b.serviceCIDRs})) failed.add(a.name)
      if (reportOverlap(ctx, pod, {m: b, label: 'node network', fact: b.nodeCIDRs})) failed.add(a.name)
    }
    for (const a of clusters) if (a.podCIDRs.known && !failed.has(a.name)) ctx.pass({cluster: a.name})
  },
}
