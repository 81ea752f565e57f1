// CM210: a LoadBalancer clustermesh-apiserver Service without a pinned address gets whatever the pool hands out,
// so DNS and the peers' configs can point at a stale address.
import {at, provenance} from '../../mesh/fact.js'
import {type MeshCheck, meshForPairs, skipIfUnknown} from './support.js'
import {firstDefined, VARIABLE_NAMES} from '../../mesh/variables.js'

export const CM210: MeshCheck = {
  id: 'CM210',
  run(model, ctx) {
    for (const m of meshForPairs(model, ctx)) {
      const cm = m.clustermesh
      if (skipIfUnknown(ctx, m, cm.useAPIServer, cm.serviceType)) continue
      if (!cm.useAPIServer.known || !cm.serviceType.known) continue
      if (!cm.useAPIServer.value || cm.serviceType.value !== 'LoadBalancer') {
        ctx.pass({cluster: m.name})
        continue
      }
      if (skipIfUnknown(ctx, m, cm.lbIPs)) continue
      if (cm.lbIPs.known && cm.lbIPs.value.length > 0) {
        ctx.pass({cluster: m.name})
        continue
      }
      const unused = firstDefined(m.variables, VARIABLE_NAMES.lbIP)
      ctx.report({
        cluster: m.name,
        message:
          `the clustermesh-apiserver Service is a LoadBalancer${provenance(cm.serviceType)} without a pinned address` +
          (unused ? ` (${unused.name} is set in the settings but not used by the Service)` : ''),
        ...at(cm.serviceType),
      })
    }
  },
}
