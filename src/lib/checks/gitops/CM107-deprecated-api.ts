// CM107: objects written with an apiVersion its project deprecated or removed. Cilium promotions count only
// once the cluster's Cilium serves the new version (unknown version: reported, saying so).
import {atLeast, ciliumMinor} from './cilium-version.js'
import {deprecationFor, replacement} from './deprecated-apis.js'
import {at, type GitopsCheck, perCluster, resourceOf} from './support.js'

export const CM107: GitopsCheck = {
  id: 'CM107',
  run(model, ctx) {
    perCluster(model, ctx, (c) => {
      const minor = ciliumMinor(c)
      for (const o of c.objects) {
        const {apiVersion, kind} = o.object
        if (typeof apiVersion !== 'string' || typeof kind !== 'string') continue
        const d = deprecationFor(apiVersion, kind)
        if (!d) continue
        if (d.ciliumFrom && minor && !atLeast(minor, d.ciliumFrom)) continue
        const when = d.ciliumFrom ? (minor ? ` (this cluster runs Cilium ${minor})` : ' (the Cilium version of this cluster is not known)') : ''
        ctx.report({
          cluster: c.name,
          message: `${kind} ${o.object.metadata?.name ?? ''} uses ${apiVersion}, ${d.state}: ${d.note}${when}; use ${replacement(d, kind)}`,
          ...at(o.locate(['apiVersion']) ?? o.source),
          resource: resourceOf(o),
          // One mistake per (apiVersion, kind): the same edit (or one migration tool run) fixes every object.
          group: `${apiVersion} ${kind}`,
          groupMessage: `${kind} objects use ${apiVersion}, ${d.state}: ${d.note}${when}; use ${replacement(d, kind)}`,
        })
      }
    })
  },
}
