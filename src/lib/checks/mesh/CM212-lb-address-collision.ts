// CM212: two clusters pinning the same clustermesh-apiserver address, or handing out addresses from overlapping
// LB pools, answer for each other on the shared network.
import {overlaps, parseRange} from '../../mesh/cidr.js'
import {at} from '../../mesh/fact.js'
import type {MeshCluster} from '../../mesh/types.js'
import {type MeshCheck, meshForPairs, pairs} from './support.js'

const enabledBlocks = (m: MeshCluster) =>
  m.lbPools
    .filter((p) => !p.disabled)
    .flatMap((p) => p.blocks.flatMap((b) => {
      const range = parseRange(b.text)
      return range ? [{pool: p, block: b, range}] : []
    }))

export const CM212: MeshCheck = {
  id: 'CM212',
  run(model, ctx) {
    const members = meshForPairs(model, ctx)
    const failed = new Set<string>()
    for (const m of members) if (!m.clustermesh.lbIPs.known) ctx.skip({cluster: m.name}, m.clustermesh.lbIPs.reason)
    for (const [a, b] of pairs(members)) {
      const pa = a.clustermesh.lbIPs
      const pb = b.clustermesh.lbIPs
      if (pa.known && pb.known)
        for (const pin of pb.value) {
          const same = pa.value.find((x) => x.ip === pin.ip)
          if (!same) continue
          failed.add(b.name)
          ctx.report({cluster: b.name, peer: a.name, message: `${b.name} and ${a.name} both pin the clustermesh-apiserver address ${pin.ip}`, ...at(pin.origin)})
        }
      for (const x of enabledBlocks(b)) {
        const y = enabledBlocks(a).find((o) => overlaps(o.range, x.range))
        if (!y) continue
        failed.add(b.name)
        ctx.report({
          cluster: b.name,
          peer: a.name,
          message: `LB pool ${x.pool.name} (${x.block.text}) of ${b.name} overlaps LB pool ${y.pool.name} (${y.block.text}) of ${a.name}`,
          ...at({pos: x.block.pos, resource: x.pool.resource}),
        })
        break
      }
    }
    for (const m of members) if (m.clustermesh.lbIPs.known && !failed.has(m.name)) ctx.pass({cluster: m.name})
  },
}
