// CM207: overlapping ServiceCIDRs make global services and policies by address ambiguous across the mesh.
// Only pairs that exchange mesh state are compared (support.ts exchange); the others are skipped with the reason.
import {reportOverlap} from './cidr-overlap.js'
import {exchangingPairs, type MeshCheck} from './support.js'

export const CM207: MeshCheck = {
  id: 'CM207',
  run(model, ctx) {
    const {pairs, clusters} = exchangingPairs(model, ctx)
    const failed = new Set<string>()
    for (const m of clusters) if (!m.serviceCIDRs.known) ctx.skip({cluster: m.name}, `ServiceCIDRs: ${m.serviceCIDRs.reason}`)
    for (const [a, b] of pairs) {
      if (!a.serviceCIDRs.known) continue
      const mine = {m: b, label: 'ServiceCIDR', fact: b.serviceCIDRs}
      if (reportOverlap(ctx, mine, {m: a, label: 'ServiceCIDR', fact: a.serviceCIDRs})) failed.add(b.name)
    }
    for (const m of clusters) if (m.serviceCIDRs.known && !failed.has(m.name)) ctx.pass({cluster: m.name})
  },
}
