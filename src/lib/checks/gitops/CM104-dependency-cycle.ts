// CM104: dependsOn that can never be satisfied: a cycle, or a Kustomization waiting for an object that only
// its own build (directly or through Kustomizations it applies) creates — it waits before applying it.
import {at, type GitopsCheck, perCluster, resourceOf} from './support.js'
import {cyclePath, cycles, helmReleaseNodes, kustomizationNodes, type Node, producers} from './dependencies.js'

export const CM104: GitopsCheck = {
  id: 'CM104',
  run(model, ctx) {
    perCluster(model, ctx, (c) => {
      const ks = kustomizationNodes(c)
      const byKey = new Map(ks.map((n) => [n.key, n]))
      for (const n of ks) {
        for (const d of n.deps) {
          const target = `${d.namespace}/${d.name}`
          const dep = byKey.get(target)
          if (!dep || target === n.key) continue
          const chain = producers(dep.producedBy, byKey)
          if (!chain.includes(n.key)) continue
          const via = chain.slice(0, chain.indexOf(n.key)).reverse()
          ctx.report({
            cluster: c.name,
            message: `Kustomization ${n.key} depends on ${target}, which only exists because ${n.key} applies it${via.length ? ` (through ${via.join(' -> ')})` : ''}: it waits for an object it has not created yet and never becomes ready`,
            ...at(d.pos),
            resource: resourceOf(n.object),
          })
        }
      }
      for (const [kind, nodes] of [['Kustomization', ks], ['HelmRelease', helmReleaseNodes(c)]] as const) {
        for (const cycle of cycles(nodes as Node[])) {
          const path = cyclePath(cycle)
          const first = path[0]!
          const dep = first.deps.find((d) => `${d.namespace}/${d.name}` === path[1]?.key)
          ctx.report({
            cluster: c.name,
            message: `${kind}s depend on each other in a cycle: ${path.map((m) => m.key).join(' -> ')}; none of them becomes ready`,
            ...at(dep?.pos ?? first.pos),
            resource: resourceOf(first.object),
          })
        }
      }
    })
  },
}
