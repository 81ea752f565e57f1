// CM406: max-connected-clusters splits the identity space; a peer advertising another value is refused
// ("mismatched MaxConnectedClusters"). A missing key means 255.
import {atLeastTwo, type LiveCheck, need, ref, reference, type Reached, who} from './support.js'

export const CM406: LiveCheck = {
  id: 'CM406',
  run(model, ctx) {
    const clusters = atLeastTwo(model, ctx)
    if (!clusters) return
    const values: {key: string; item: Reached}[] = []
    for (const c of clusters) {
      const got = need(ctx, c, c.reads.config)
      if (!got) continue
      if (!got[0]) ctx.skip({cluster: c.context}, 'no cilium-config (CM302)')
      else values.push({key: got[0].maxConnectedClusters?.trim() || '255', item: c})
    }
    const base = reference(values)
    if (!base) return
    for (const {key, item} of values) {
      if (key === base.key) ctx.pass({cluster: item.context})
      else
        ctx.report({
          cluster: item.context,
          peer: base.first.context,
          message: `max-connected-clusters is ${key} in ${who(item)} but ${base.key} in ${who(base.first)}`,
          resource: ref(item, 'ConfigMap', 'cilium-config'),
        })
    }
  },
}
