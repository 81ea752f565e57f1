// CM306: peers need an address for this cluster's clustermesh-apiserver: a LoadBalancer with an IP (or a hostname
// that resolves); NodePort works only while the nodes the peers use stay (warning); ClusterIP is unreachable.
import {contains, parseIp, parseRange} from '../../mesh/cidr.js'
import {serviceAddresses} from '../../doctor/endpoints.js'
import {eachReached, type LiveCheck, need, ref} from './support.js'

export const CM306: LiveCheck = {
  id: 'CM306',
  run(model, ctx) {
    for (const c of eachReached(model, ctx)) {
      const got = need(ctx, c, c.reads.config, c.reads.service)
      if (!got) continue
      const [config, svc] = got
      if (config?.kvstore) {
        ctx.skip({cluster: c.context}, `Cilium uses an external kvstore (${config.kvstore})`)
        continue
      }
      const resource = ref(c, 'Service', 'clustermesh-apiserver')
      if (!svc) {
        ctx.report({cluster: c.context, message: `Service clustermesh-apiserver not found in ${c.namespace}`, resource})
        continue
      }
      if (svc.type === 'LoadBalancer') {
        const unresolved = svc.ingress.filter((i) => !i.ip && i.hostname && !c.resolved[i.hostname]?.ok)
        const usable = svc.ingress.some((i) => i.ip || (i.hostname && c.resolved[i.hostname]?.ok))
        if (usable) ctx.pass({cluster: c.context})
        else if (unresolved.length > 0) {
          const r = c.resolved[unresolved[0].hostname!]
          ctx.report({cluster: c.context, message: `LoadBalancer hostname ${unresolved[0].hostname} does not resolve${r && !r.ok ? ` (${r.reason})` : ''}`, resource})
        } else {
          ctx.report({cluster: c.context, message: `LoadBalancer is pending: no ingress address assigned${poolHint(c, svc.pinned)}`, resource})
        }
        continue
      }
      if (svc.type === 'NodePort') {
        if (!c.reads.nodes.ok) {
          ctx.skip({cluster: c.context}, 'needs the nodes (CM301)')
          continue
        }
        const addresses = serviceAddresses(c)
        const count = addresses.ok ? addresses.addresses.length : 0
        ctx.report({
          cluster: c.context,
          severity: count === 0 ? 'error' : 'warning',
          message:
            count === 0
              ? 'NodePort Service, but no node has an InternalIP/ExternalIP to reach it at'
              : `NodePort Service: peers reach it at node addresses, which break when those nodes are replaced`,
          resource,
        })
        continue
      }
      ctx.report({cluster: c.context, message: `Service type ${svc.type}: not reachable from other clusters`, resource, hint: 'use a LoadBalancer Service with a pinned IP (clustermesh.apiserver.service.type)'})
    }
  },
}

/** Whether any LB pool of the cluster holds the address the Service asks for (the usual reason it stays pending). */
function poolHint(c: Parameters<typeof serviceAddresses>[0], pinned: {ip: string; via: string}[]): string {
  const pools = c.reads?.lbPools
  if (!pools?.ok) return ''
  const active = pools.value.filter((p) => !p.disabled)
  if (active.length === 0) return '; the cluster has no enabled CiliumLoadBalancerIPPool'
  for (const pin of pinned) {
    const ip = parseIp(pin.ip)
    const inside = ip && active.some((p) => p.blocks.some((b) => {
      const range = parseRange(b)
      return range ? contains(range, ip) : false
    }))
    if (!inside) return `; the requested ${pin.ip} (${pin.via}) is in no enabled CiliumLoadBalancerIPPool`
  }
  return ''
}
