// CM405: the endpoint (or host-alias IPs) A's mesh Secret uses for B must be B's live clustermesh-apiserver
// address; otherwise A's agents (or KVStoreMesh) dial nothing, or another cluster.
import {entryTargets, hostPort, remoteSecret, serviceAddresses} from '../../doctor/endpoints.js'
import {atLeastTwo, byMeshName, type LiveCheck, need, ref, who} from './support.js'

export const CM405: LiveCheck = {
  id: 'CM405',
  run(model, ctx) {
    const clusters = atLeastTwo(model, ctx)
    if (!clusters) return
    const named = byMeshName(model)
    for (const a of clusters) {
      const got = need(ctx, a, a.reads.apiserver, a.reads.agents, remoteSecret(a.reads))
      if (!got) continue
      const secret = remoteSecret(a.reads)
      const entries = secret.ok ? (secret.value?.peers ?? []) : []
      let compared = false
      for (const entry of entries) {
        const b = named.get(entry.name)
        if (!b || b === a) continue
        compared = true
        const scope = {cluster: a.context, peer: b.context}
        const targets = entryTargets(a, entry)
        if (!targets.ok) {
          ctx.skip(scope, `cannot tell where ${who(a)} dials ${entry.name}: ${targets.reason}`)
          continue
        }
        const live = serviceAddresses(b)
        const hit = live.ok && targets.targets.some((t) => live.addresses.some((l) => l.ip === t.ip && l.port === t.port))
        const primary = live.ok ? live.addresses.filter((l) => l.primary) : []
        if (hit) ctx.pass(scope)
        else if (!live.ok || primary.length === 0)
          ctx.skip(scope, `${who(b)} has no live clustermesh-apiserver address (CM306)${live.ok ? '' : `: ${live.reason}`}`)
        else
          ctx.report({
            ...scope,
            message: `${who(a)} dials ${entry.name} at ${targets.targets.map((t) => `${hostPort(t)} (${t.via}${t.via === 'address' ? '' : ` of ${new URL(t.url).hostname}`})`).join(', ')}, but ${who(b)}'s clustermesh-apiserver is at ${primary.map((l) => `${hostPort(l)} (${l.via})`).join(', ')}`,
            resource: ref(a, 'Secret', secret.ok && secret.value ? secret.value.name : 'cilium-clustermesh'),
          })
      }
      if (!compared) ctx.skip({cluster: a.context}, 'no entry of its mesh Secret names another cluster of this run')
    }
  },
}
