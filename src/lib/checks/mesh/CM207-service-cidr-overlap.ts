// CM207: overlapping ServiceCIDRs make global services and policies by address ambiguous across the mesh.
import {reportOverlap} from './cidr-overlap.js'
import {type MeshCheck, meshForPairs, pairs} from './support.js'

export const CM207: MeshCheck = {
  id: 'CM207',
  run(model, ctx) {
    const members = meshForPairs(model, ctx)
    const failed = new Set<string>()
    for (const m of members) if (!m.serviceCIDRs.known) ctx.skip({cluster: m.name}, `ServiceCIDRs: ${m.serviceCIDRs.reason}`)
    for (const [a, b] of pairs(members)) {
      if (!a.serviceCIDRs.known) continue
      const mine = {m: b, label: 'ServiceCIDR', fact: b.serviceCIDRs}
      if (reportOverlap(ctx, mine, {m: a, label: 'ServiceCIDR', fact: a.serviceCIDRs})) failed.add(b.name)
    }
    for (const m of members) if (m.serviceCIDRs.known && !failed.has(m.name)) ctx.pass({cluster: m.name})
  },
}
