// CM103: dependsOn names a Kustomization (or, for a HelmRelease, a HelmRelease) the cluster does not have:
// Flux then waits forever ("dependency 'ns/name' not found").
import {at, type GitopsCheck, incompleteKustomizations, perCluster, resourceOf} from './support.js'
import {helmReleaseNodes, kustomizationNodes, type Node} from './dependencies.js'

export const CM103: GitopsCheck = {
  id: 'CM103',
  run(model, ctx) {
    perCluster(model, ctx, (c) => {
      const partial = incompleteKustomizations(c)
      const check = (nodes: Node[]) => {
        const keys = new Set(nodes.map((n) => n.key))
        for (const n of nodes) {
          for (const d of n.deps) {
            const target = `${d.namespace}/${d.name}`
            if (keys.has(target)) continue
            if (partial.length > 0) {
              ctx.skip({cluster: c.name}, `${n.kind} ${n.key} depends on ${target}, which may be in a part of the cluster that could not be rendered (${partial.map((k) => `${k.namespace}/${k.name}`).join(', ')})`)
              continue
            }
            ctx.report({
              cluster: c.name,
              message: `${n.kind} ${n.key} depends on ${n.kind} ${target}, which does not exist in cluster ${c.name}; Flux waits for it forever`,
              ...at(d.pos),
              resource: resourceOf(n.object),
              // One mistake per missing target: create it (or fix its name) and every dependsOn on it is fixed.
              group: `${n.kind} ${target}`,
              groupMessage: `${n.kind}s depend on ${n.kind} ${target}, which does not exist in cluster ${c.name}; Flux waits for it forever`,
            })
          }
        }
      }
      check(kustomizationNodes(c))
      check(helmReleaseNodes(c))
    })
  },
}
