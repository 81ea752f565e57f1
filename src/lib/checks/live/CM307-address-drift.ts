// CM307: the clustermesh-apiserver Service is where peers dial; its live address must be the one it asks for
// (lbipam annotation / loadBalancerIP), the one the repository pins (--repo), and the one the peers use.
import {entryTargets, hostPort, isIp, remoteSecret, serviceAddresses} from '../../doctor/endpoints.js'
import {peerEntriesFor, pinnedAddresses, repoClusterFor} from '../../doctor/repository.js'
import {at} from '../../mesh/fact.js'
import type {CheckContext} from '../engine.js'
import {eachReached, type LiveCheck, meshNameOf, need, ref, type Reached, reached, who} from './support.js'

export const CM307: LiveCheck = {
  id: 'CM307',
  run(model, ctx) {
    for (const b of eachReached(model, ctx)) {
      const got = need(ctx, b, b.reads.service)
      if (!got) continue
      const [svc] = got
      const live = serviceAddresses(b)
      if (!svc || !live.ok || !live.addresses.some((l) => l.primary)) {
        ctx.skip({cluster: b.context}, 'the Service has no live address to compare (CM306)')
        continue
      }
      const resource = ref(b, 'Service', 'clustermesh-apiserver')
      const lbIPs = svc.ingress.flatMap((i) => (i.ip ? [i.ip] : []))
      const drifts: string[] = []
      // 1. The Service's own request was not honoured (the pin was ignored, or the Service was re-created).
      const ignored = svc.type === 'LoadBalancer' && lbIPs.length > 0 ? svc.pinned.filter((p) => !lbIPs.includes(p.ip)) : []
      for (const p of ignored) drifts.push(`the Service asks for ${p.ip} (${p.via}) but has ${lbIPs.join(', ')}`)
      // 2. The repository pins another address, or configures the peers with another one.
      if (model.repo) repoDrift(model.repo, b, lbIPs, live.addresses, ctx, resource)
      // 3. The live peers dial another address.
      const name = meshNameOf(b)
      const stale: string[] = []
      for (const a of reached(model)) {
        if (a === b || !name) continue
        const secret = remoteSecret(a.reads)
        const entry = secret.ok ? secret.value?.peers.find((p) => p.name === name) : undefined
        if (!entry) continue
        const t = entryTargets(a, entry)
        if (!t.ok) continue
        const hit = t.targets.some((x) => live.addresses.some((l) => l.ip === x.ip && l.port === x.port))
        if (!hit) stale.push(`${who(a)} dials ${t.targets.map(hostPort).join(', ')}`)
      }
      if (stale.length > 0) drifts.push(`peers use another address (${stale.join('; ')}); the Service is at ${live.addresses.filter((l) => l.primary).map(hostPort).join(', ')}`)
      for (const d of drifts) ctx.report({cluster: b.context, message: d, resource})
      if (drifts.length === 0) ctx.pass({cluster: b.context})
    }
  },
}

function repoDrift(
  repo: NonNullable<Parameters<LiveCheck['run']>[0]['repo']>,
  b: Reached,
  lbIPs: string[],
  live: {ip: string; port: number; primary: boolean}[],
  ctx: CheckContext,
  resource: ReturnType<typeof ref>,
) {
  const match = repoClusterFor(repo, b.context, meshNameOf(b))
  if (!match) {
    ctx.skip({cluster: b.context}, `--repo: no repository cluster matches ${who(b)}`)
    return
  }
  const m = match.cluster
  for (const pin of pinnedAddresses(m) ?? []) {
    if (lbIPs.length > 0 && !lbIPs.includes(pin.ip)) {
      const origin = m.clustermesh.lbIPs.known ? m.clustermesh.lbIPs.value.find((p) => p.ip === pin.ip)?.origin : undefined
      const loc = at(origin)
      ctx.report({cluster: b.context, message: `the repository (${m.name}) pins ${pin.ip} (${pin.via}); the live Service has ${lbIPs.join(', ')}`, resource, ...(loc.file ? {file: loc.file, line: loc.line, column: loc.column} : {})})
    }
  }
  for (const {from, entry} of peerEntriesFor(repo, m)) {
    const ips = [...entry.ips, ...(entry.address && isIp(entry.address) ? [entry.address] : [])]
    const port = typeof entry.port === 'number' ? entry.port : Number(entry.port)
    const off = ips.filter((ip) => !live.some((l) => l.ip === ip && (!Number.isFinite(port) || l.port === port)))
    if (ips.length > 0 && off.length === ips.length)
      ctx.report({
        cluster: b.context,
        message: `the repository configures ${from.name} to reach ${m.name} at ${off.join(', ')}${Number.isFinite(port) ? `:${port}` : ''}; the live Service is at ${live.filter((l) => l.primary).map(hostPort).join(', ')}`,
        resource,
        ...(entry.pos ? {file: entry.pos.file, line: entry.pos.line, column: entry.pos.column} : {}),
      })
  }
}
