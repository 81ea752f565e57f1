// CM103: dependsOn names a Kustomization (or, for a HelmRelease, a HelmRelease) the cluster does not have:
// Flux then waits forever ("dependency 'ns/name' not found"). When part of the cluster could not be rendered, a
// missing target is only "may be there" if that part's files do write an object of that kind and name.
import {at, type GitopsCheck, incompleteKustomizations, perCluster, resourceOf} from './support.js'
import {findRaw, helmReleaseNodes, kustomizationNodes, type Node, unrenderedObjects} from './dependencies.js'

const GROUP = {Kustomization: 'kustomize.toolkit.fluxcd.io', HelmRelease: 'helm.toolkit.fluxcd.io'}

export const CM103: GitopsCheck = {
  id: 'CM103',
  run(model, ctx) {
    perCluster(model, ctx, (c) => {
      const partial = incompleteKustomizations(c)
      const raw = partial.length > 0 ? unrenderedObjects(model.repo, c) : []
      const skipped: string[] = []
      const check = (nodes: Node[]) => {
        const keys = new Set(nodes.map((n) => n.key))
        // Several objects at one position (a file built by two parents): each is named, so none hides the other.
        const atSamePlace = new Map<string, string[]>()
        for (const n of nodes) {
          const p = `${n.pos.file}:${n.pos.line}:${n.pos.column}`
          atSamePlace.set(p, [...(atSamePlace.get(p) ?? []), n.key])
        }
        for (const n of nodes) {
          for (const d of n.deps) {
            const target = `${d.namespace}/${d.name}`
            if (keys.has(target)) continue
            const maybe = findRaw(raw, GROUP[n.kind], n.kind, d.namespace, d.name)
            if (maybe) {
              skipped.push(`${n.kind} ${n.key} depends on ${target}, which ${maybe.file} may define but could not be rendered (${partial.map((k) => `${k.namespace}/${k.name}`).join(', ')})`)
              continue
            }
            const twins = (atSamePlace.get(`${n.pos.file}:${n.pos.line}:${n.pos.column}`) ?? []).filter((k) => k !== n.key)
            const shared = twins.length ? ` (the same file also makes ${n.kind} ${twins.join(', ')})` : ''
            const unrendered = partial.length ? `; no part of the cluster that could not be rendered (${partial.map((k) => `${k.namespace}/${k.name}`).join(', ')}) writes it either` : ''
            ctx.report({
              cluster: c.name,
              message: `${n.kind} ${n.key} depends on ${n.kind} ${target}, which does not exist in cluster ${c.name}${unrendered}; Flux waits for it forever${shared}`,
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
      // One line per dependency that could not be decided (the engine keeps one reason per scope).
      if (skipped.length) ctx.skip({cluster: c.name}, skipped.join('; '))
    })
  },
}
