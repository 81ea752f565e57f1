// CM205: PodCIDRs must not overlap between clusters of the mesh (Documentation/network/clustermesh/clustermesh.rst).
// Only pairs that exchange mesh state are compared (support.ts exchange); the others are skipped with the reason.
import {reportOverlap} from './cidr-overlap.js'
import {exchangingPairs, type MeshCheck} from './support.js'

export const CM205: MeshCheck = {
  id: 'CM205',
  run(model, ctx) {
    const {pairs, clusters} = exchangingPairs(model, ctx)
    const failed = new Set<string>()
    for (const m of clusters) if (!m.podCIDRs.known) ctx.skip({cluster: m.name}, `PodCIDRs: ${m.podCIDRs.reason}`)
    for (const [a, b] of pairs) {
      if (!a.podCIDRs.known) continue
      const hit = reportOverlap(ctx, {m: b, label: 'PodCIDR', fact: b.podCIDRs}, {m: a, label: 'PodCIDR', fact: a.podCIDRs})
      if (hit) failed.add(b.name)
    }
    for (const m of clusters) if (m.podCIDRs.known && !failed.has(m.name)) ctx.pass({cluster: m.name})
  },
}
