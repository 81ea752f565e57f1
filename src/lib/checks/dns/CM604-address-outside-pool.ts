// CM604: the address the name resolves to, or the address pinned for the Service, lies outside every LB pool of
// the cluster. LB-IPAM never assigns such an address, so peers are sent where no clustermesh-apiserver listens.
import {answers} from '../../dnscheck/lookup.js'
import type {DnsTarget, PinnedAddress} from '../../dnscheck/types.js'
import {at} from '../../mesh/fact.js'
import {describePool, type DnsCheck, inPools, pinSource, poolRanges, sameAddress} from './support.js'

interface Seen {
  ip: string
  pinned?: PinnedAddress
  resolvedBy?: string
}

/** Every address to test, once: pinned in the repository and/or answered by DNS. */
function addressesOf(t: DnsTarget): Seen[] {
  const out: Seen[] = []
  const add = (ip: string, extra: Partial<Seen>) => {
    const seen = out.find((s) => sameAddress(s.ip, ip))
    if (seen) Object.assign(seen, {...extra, ...seen})
    else out.push({ip, ...extra})
  }
  if (t.pinned?.known) for (const p of t.pinned.value) add(p.ip, {pinned: p})
  // Without a repository, the live Service's own pin is the pinned address.
  else if (!t.pinned && t.live?.ok) {
    const s = t.live.service
    const resource = {apiVersion: 'v1', kind: 'Service', namespace: s.namespace, name: s.name}
    for (const ip of s.pinned) add(ip, {pinned: {ip, via: `the live Service's LB-IPAM annotation in context ${s.context}`, origin: {resource}}})
  }
  if (t.pick.ok && t.lookup) for (const a of answers(t.lookup)) add(a.address, {resolvedBy: t.pick.choice.name})
  return out
}

function notLoadBalancer(t: DnsTarget): string | undefined {
  const type = t.live?.ok ? t.live.service.type : t.serviceType?.known ? t.serviceType.value : undefined
  return type && type !== 'LoadBalancer' ? `the clustermesh-apiserver Service is ${type}: LB pools do not apply` : undefined
}

function sourcesOf(s: Seen): string {
  const parts = []
  if (s.pinned) parts.push(`pinned through ${pinSource(s.pinned)}`)
  if (s.resolvedBy) parts.push(`${s.resolvedBy} resolves to it`)
  return parts.join('; ')
}

export const CM604: DnsCheck = {
  id: 'CM604',
  run(model, ctx) {
    for (const t of model.targets) {
      const scope = {cluster: t.cluster}
      const skip = (reason: string) => ctx.skip(scope, reason)
      if (!t.pools) {
        skip('no LB pool is known: no repository (--repo), and the context serves no CiliumLoadBalancerIPPool')
        continue
      }
      if (!t.pools.known) {
        skip(t.pools.reason)
        continue
      }
      const other = notLoadBalancer(t)
      if (other) {
        skip(other)
        continue
      }
      const ranges = poolRanges(t.pools.value)
      if (ranges.length === 0) {
        skip(`${t.cluster} defines no enabled CiliumLoadBalancerIPPool; another load balancer may assign the address`)
        continue
      }
      const seen = addressesOf(t)
      if (seen.length === 0) {
        skip('nothing to test: no address is pinned and the name does not resolve')
        continue
      }
      let fired = false
      for (const s of seen) {
        if (inPools(ranges, s.ip) !== false) continue
        fired = true
        ctx.report({
          cluster: t.cluster,
          message: `${s.ip} (${sourcesOf(s)}) is outside every LB pool of ${t.cluster} (${t.pools.from ?? 'repository'})`,
          ...(s.pinned ? at(s.pinned.origin) : {}),
          details: t.pools.value.map(describePool),
        })
      }
      if (!fired) ctx.pass(scope)
    }
  },
}
