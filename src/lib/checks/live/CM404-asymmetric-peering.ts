// CM404: each cluster connects only to the peers in its own Secret; a one-sided entry leaves the other direction
// without routes, identities and policies.
import {remoteSecret} from '../../doctor/endpoints.js'
import {atLeastTwo, type LiveCheck, meshNameOf, need, pairs, ref, type Reached, who} from './support.js'

const lists = (c: Reached, name: string) => {
  const s = remoteSecret(c.reads)
  return s.ok && (s.value?.peers.some((p) => p.name === name) ?? false)
}

export const CM404: LiveCheck = {
  id: 'CM404',
  run(model, ctx) {
    const clusters = atLeastTwo(model, ctx)
    if (!clusters) return
    const usable = clusters.filter((c) => {
      if (!need(ctx, c, c.reads.apiserver, remoteSecret(c.reads))) return false
      if (meshNameOf(c)) return true
      ctx.skip({cluster: c.context}, 'no live cluster-name to match (CM302/CM304)')
      return false
    })
    const failed = new Set<Reached>()
    for (const [x, y] of pairs(usable)) {
      const xName = meshNameOf(x)!
      const yName = meshNameOf(y)!
      for (const [a, b, bName, aName] of [[x, y, yName, xName], [y, x, xName, yName]] as const) {
        if (lists(a, bName) && !lists(b, aName)) {
          failed.add(b)
          const secret = remoteSecret(b.reads)
          ctx.report({
            cluster: b.context,
            peer: a.context,
            message: `${who(a)} lists ${bName} in its mesh Secret, but ${who(b)} has no entry for ${aName}: the connection is one-sided`,
            resource: ref(b, 'Secret', secret.ok && secret.value ? secret.value.name : 'cilium-clustermesh'),
          })
        }
      }
    }
    for (const c of usable) if (!failed.has(c)) ctx.pass({cluster: c.context})
  },
}
