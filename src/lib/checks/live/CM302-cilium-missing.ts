// CM302: without the agent DaemonSet and cilium-config there is no Cilium, hence no mesh, in this cluster.
import {eachReached, type LiveCheck, need, ref} from './support.js'

export const CM302: LiveCheck = {
  id: 'CM302',
  run(model, ctx) {
    for (const c of eachReached(model, ctx)) {
      const got = need(ctx, c, c.reads.agents, c.reads.config)
      if (!got) continue
      const [agents, config] = got
      const missing = [
        ...(agents ? [] : [`no DaemonSet labelled k8s-app=cilium in ${c.namespace}`]),
        ...(config ? [] : [`no ConfigMap cilium-config in ${c.namespace}`]),
      ]
      if (missing.length === 0) ctx.pass({cluster: c.context})
      else
        ctx.report({
          cluster: c.context,
          message: `Cilium is not installed here: ${missing.join(', and ')}`,
          resource: agents ? ref(c, 'ConfigMap', 'cilium-config') : ref(c, 'DaemonSet', 'cilium', 'apps/v1'),
          hint: `install Cilium, or point doctor at the namespace it runs in (-n)`,
        })
    }
  },
}
