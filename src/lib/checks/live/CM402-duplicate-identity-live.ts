// CM402: two live clusters with one cluster-id or one cluster-name never connect ("clusterID N is already used";
// a peer with the local name is skipped as "itself").
import {atLeastTwo, identity, type LiveCheck, ref, type Reached, who} from './support.js'

export const CM402: LiveCheck = {
  id: 'CM402',
  run(model, ctx) {
    const clusters = atLeastTwo(model, ctx)
    if (!clusters) return
    const byId = new Map<number, Reached>()
    const byName = new Map<string, Reached>()
    for (const c of clusters) {
      const id = identity(c)
      if (!id) {
        ctx.skip({cluster: c.context}, c.reads.config.ok ? 'no cilium-config (CM302)' : 'cilium-config could not be read (CM301)')
        continue
      }
      let clash = false
      const same = (other: Reached) => (other.server === c.server ? ` (both contexts use ${c.server}: the same cluster twice?)` : '')
      if (id.id !== undefined && id.id !== 0) {
        const first = byId.get(id.id)
        if (first) {
          clash = true
          ctx.report({cluster: c.context, peer: first.context, message: `${who(c)} and ${who(first)} both run cluster-id ${id.id}${same(first)}`, resource: ref(c, 'ConfigMap', 'cilium-config')})
        } else byId.set(id.id, c)
      }
      const name = id.name ?? 'default'
      const firstName = byName.get(name)
      if (firstName) {
        clash = true
        ctx.report({cluster: c.context, peer: firstName.context, message: `${who(c)} and ${who(firstName)} both run cluster-name "${name}"${same(firstName)}`, resource: ref(c, 'ConfigMap', 'cilium-config')})
      } else byName.set(name, c)
      if (!clash) ctx.pass({cluster: c.context})
    }
  },
}
