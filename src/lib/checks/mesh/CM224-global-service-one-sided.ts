// CM224: a global Service merges backends from the clusters where the same namespace/name is also global;
// alone in the mesh it has nothing to share.
import {at} from '../../mesh/fact.js'
import type {GlobalService, MeshCluster} from '../../mesh/types.js'
import {isGlobal} from './CM219-global-service-annotation.js'
import {type MeshCheck, meshForPairs} from './support.js'

export const CM224: MeshCheck = {
  id: 'CM224',
  run(model, ctx) {
    const members = meshForPairs(model, ctx)
    if (members.length < 2) {
      for (const m of members) ctx.skip({cluster: m.name}, 'the mesh has a single cluster in this repository')
      return
    }
    const byKey = new Map<string, {m: MeshCluster; s: GlobalService}[]>()
    for (const m of members)
      for (const s of m.services.filter(isGlobal)) {
        const key = `${s.namespace}/${s.name}`
        byKey.set(key, [...(byKey.get(key) ?? []), {m, s}])
      }
    const failed = new Set<string>()
    for (const [key, list] of byKey) {
      if (new Set(list.map((x) => x.m)).size > 1) continue
      const {m, s} = list[0]
      failed.add(m.name)
      const ann = s.annotations['service.cilium.io/global'] ?? s.annotations['io.cilium/global-service']
      ctx.report({
        cluster: m.name,
        message: `global Service ${key} exists only in ${m.name}: no other cluster of the mesh shares it`,
        ...at({pos: ann?.pos ?? s.pos, resource: s.resource}),
      })
    }
    for (const m of members) if (!failed.has(m.name)) ctx.pass({cluster: m.name})
  },
}
