// CM206: a cluster's PodCIDR must not overlap another cluster's ServiceCIDR or node network: remote pod addresses
// would be taken for local services or nodes.
import {reportOverlap} from './cidr-overlap.js'
import {type MeshCheck, meshForPairs} from './support.js'

export const CM206: MeshCheck = {
  id: 'CM206',
  run(model, ctx) {
    const members = meshForPairs(model, ctx)
    for (const a of members) {
      if (!a.podCIDRs.known) {
        ctx.skip({cluster: a.name}, `PodCIDRs: ${a.podCIDRs.reason}`)
        continue
      }
      let hit = false
      for (const b of members) {
        if (b === a) continue
        const pod = {m: a, label: 'PodCIDR', fact: a.podCIDRs}
        hit = reportOverlap(ctx, pod, {m: b, label: 'ServiceCIDR', fact: b.serviceCIDRs}) === true || hit
        hit = reportOverlap(ctx, pod, {m: b, label: 'node network', fact: b.nodeCIDRs}) === true || hit
      }
      if (!hit) ctx.pass({cluster: a.name})
    }
  },
}
