// CM408: Cilium merges same-named global Services across clusters; one with no ready endpoint anywhere has nothing
// to fail over to, and one whose ports differ between clusters only shares the ports both sides have.
import type {GlobalServiceFacts} from '../../doctor/types.js'
import {atLeastTwo, describeFailure, type LiveCheck, type Reached, who} from './support.js'

export const CM408: LiveCheck = {
  id: 'CM408',
  run(model, ctx) {
    const clusters = atLeastTwo(model, ctx)
    if (!clusters) return
    const byKey = new Map<string, {c: Reached; svc: GlobalServiceFacts}[]>()
    const usable: Reached[] = []
    for (const c of clusters) {
      const r = c.reads.globalServices
      if (!r.ok) {
        ctx.skip({cluster: c.context}, `global Services could not be listed (CM301): ${describeFailure(r.error)}`)
        continue
      }
      usable.push(c)
      for (const svc of r.value) {
        const key = `${svc.namespace}/${svc.name}`
        byKey.set(key, [...(byKey.get(key) ?? []), {c, svc}])
      }
    }
    const failed = new Set<Reached>()
    for (const [key, copies] of [...byKey].sort(([a], [b]) => a.localeCompare(b))) {
      const counts = copies.map((x) => x.svc.readyEndpoints)
      if (counts.every((n) => n.ok && n.value === 0)) {
        for (const x of copies) failed.add(x.c)
        ctx.report({
          cluster: copies[0].c.context,
          message: `global Service ${key} has no ready endpoint in any cluster (${copies.map((x) => who(x.c)).join(', ')})`,
          resource: {apiVersion: 'v1', kind: 'Service', namespace: copies[0].svc.namespace, name: copies[0].svc.name},
        })
      }
      const first = copies[0]
      for (const other of copies.slice(1)) {
        if (other.svc.ports.join(',') === first.svc.ports.join(',')) continue
        failed.add(other.c)
        ctx.report({
          cluster: other.c.context,
          peer: first.c.context,
          message: `global Service ${key} has ports [${other.svc.ports.join(', ')}] in ${who(other.c)} but [${first.svc.ports.join(', ')}] in ${who(first.c)}`,
          resource: {apiVersion: 'v1', kind: 'Service', namespace: other.svc.namespace, name: other.svc.name},
        })
      }
    }
    for (const c of usable) if (!failed.has(c)) ctx.pass({cluster: c.context})
  },
}
