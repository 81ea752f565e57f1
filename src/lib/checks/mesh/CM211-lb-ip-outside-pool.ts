// CM211: LB-IPAM only hands out addresses from a CiliumLoadBalancerIPPool of the same cluster; a pinned address
// outside every pool leaves the clustermesh-apiserver Service pending.
import {contains, parseIp, parseRange} from '../../mesh/cidr.js'
import {at} from '../../mesh/fact.js'
import type {MeshCluster} from '../../mesh/types.js'
import {type MeshCheck, meshForPairs, skipIfUnknown} from './support.js'

const poolRanges = (m: MeshCluster) =>
  m.lbPools
    .filter((p) => !p.disabled)
    .flatMap((p) => p.blocks.flatMap((b) => {
      const range = parseRange(b.text)
      return range ? [{pool: p.name, text: b.text, range}] : []
    }))

export const CM211: MeshCheck = {
  id: 'CM211',
  run(model, ctx) {
    for (const m of meshForPairs(model, ctx)) {
      const cm = m.clustermesh
      if (skipIfUnknown(ctx, m, cm.useAPIServer, cm.serviceType, cm.lbIPs)) continue
      if (!cm.useAPIServer.known || !cm.serviceType.known || !cm.lbIPs.known) continue
      if (!cm.useAPIServer.value || cm.serviceType.value !== 'LoadBalancer' || cm.lbIPs.value.length === 0) {
        ctx.pass({cluster: m.name})
        continue
      }
      const ranges = poolRanges(m)
      let fired = false
      for (const pin of cm.lbIPs.value) {
        const ip = parseIp(pin.ip)
        if (!ip) {
          fired = true
          ctx.report({cluster: m.name, message: `the pinned clustermesh-apiserver address "${pin.ip}" (${pin.via}) is not an IP address`, ...at(pin.origin)})
          continue
        }
        if (ranges.length === 0) {
          if (!pin.via.startsWith('annotation')) {
            ctx.skip({cluster: m.name}, 'no CiliumLoadBalancerIPPool in this cluster; another load balancer may assign the address')
            continue
          }
          fired = true
          ctx.report({
            cluster: m.name,
            message: `${pin.ip} is pinned through ${pin.via}, but ${m.name} defines no enabled CiliumLoadBalancerIPPool to take it from`,
            ...at(pin.origin),
          })
          continue
        }
        if (ranges.some((r) => contains(r.range, ip))) continue
        fired = true
        ctx.report({
          cluster: m.name,
          message: `the pinned clustermesh-apiserver address ${pin.ip} is outside every CiliumLoadBalancerIPPool of ${m.name}`,
          ...at(pin.origin),
          details: ranges.map((r) => `pool ${r.pool}: ${r.text}`),
        })
      }
      if (!fired) ctx.pass({cluster: m.name})
    }
  },
}
