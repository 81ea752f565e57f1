// CM303: every agent pod must be ready: an agent that is not ready programs no routes, identities or policies for
// the remote clusters on its node.
import {eachReached, type LiveCheck, list, need, ref} from './support.js'

export const CM303: LiveCheck = {
  id: 'CM303',
  run(model, ctx) {
    for (const c of eachReached(model, ctx)) {
      const got = need(ctx, c, c.reads.agents, c.reads.agentPods)
      if (!got) continue
      const [ds, pods] = got
      if (!ds) {
        ctx.skip({cluster: c.context}, 'no agent DaemonSet (CM302)')
        continue
      }
      const notReady = pods.filter((p) => !p.ready)
      const describe = notReady.map((p) => {
        const bad = p.containers.filter((s) => !s.ready).map((s) => `${s.name}: ${s.reason ?? 'not ready'}${s.restarts ? `, ${s.restarts} restarts` : ''}`)
        return `${p.name}${p.node ? ` on ${p.node}` : ''} (${bad.join('; ') || p.phase || 'not ready'})`
      })
      const short = ds.desired > 0 && ds.ready < ds.desired && notReady.length === 0 ? ds.desired - ds.ready : 0
      if (ds.desired === 0 && pods.length === 0) {
        ctx.report({cluster: c.context, message: `DaemonSet ${ds.name} schedules no agent pod (desired 0)`, resource: ref(c, 'DaemonSet', ds.name, 'apps/v1')})
      } else if (notReady.length > 0) {
        ctx.report({
          cluster: c.context,
          message: `${notReady.length} of ${pods.length} agent pods not ready: ${list(describe, 3)}`,
          resource: ref(c, 'DaemonSet', ds.name, 'apps/v1'),
          details: describe,
        })
      } else if (short > 0) {
        ctx.report({
          cluster: c.context,
          message: `DaemonSet ${ds.name}: ${ds.ready} of ${ds.desired} agents ready (${short} missing)`,
          resource: ref(c, 'DaemonSet', ds.name, 'apps/v1'),
        })
      } else ctx.pass({cluster: c.context})
    }
  },
}
