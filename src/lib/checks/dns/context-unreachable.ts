// CM301 for dns-check: a context whose Service could not be read (unreachable, credentials, RBAC). The live
// comparisons for that cluster are skipped and the run is incomplete, never passed.
import type {DnsCheck} from './support.js'

export const DNS_CONTEXT_UNREACHABLE: DnsCheck = {
  id: 'CM301',
  run(model, ctx) {
    for (const t of model.targets) {
      if (!t.live) continue
      if (t.live.ok || !t.live.incomplete) ctx.pass({cluster: t.cluster})
      else ctx.report({cluster: t.cluster, message: `context ${t.live.context}: ${t.live.reason}`})
    }
  },
}
