// CM603: the name resolves, but not to the address the live clustermesh-apiserver Service has (its load-balancer
// ingress, or while that is pending, the address it asks LB-IPAM for).
import {describeLookup} from '../../dnscheck/lookup.js'
import {liveAddresses} from '../../dnscheck/live-address.js'
import {type DnsCheck, includesAddress, list, resolvedOrSkip} from './support.js'

export const CM603: DnsCheck = {
  id: 'CM603',
  run(model, ctx) {
    for (const t of model.targets) {
      const scope = {cluster: t.cluster}
      if (!t.live) {
        ctx.skip(scope, 'no kube context for this cluster (--context)')
        continue
      }
      if (!t.live.ok) {
        ctx.skip(scope, t.live.reason)
        continue
      }
      const s = t.live.service
      const live = liveAddresses(s)
      if ('reason' in live) {
        ctx.skip(scope, live.reason)
        continue
      }
      const resolved = resolvedOrSkip(ctx, t)
      if (!resolved || !t.lookup) continue
      const stray = resolved.answers.filter((a) => !includesAddress(live.addresses, a.address)).map((a) => a.address)
      if (stray.length === 0) {
        ctx.pass(scope)
        continue
      }
      ctx.report({
        cluster: t.cluster,
        message: `${resolved.name} resolves to ${list(stray)}, but the live Service ${s.namespace}/${s.name} (context ${s.context}) has ${list(live.addresses)} (${live.from})`,
        resource: {apiVersion: 'v1', kind: 'Service', namespace: s.namespace, name: s.name},
        details: describeLookup(t.lookup),
      })
    }
  },
}
