// CM305: peers connect to the clustermesh-apiserver; with KVStoreMesh the local agents also read every remote
// cluster through its kvstoremesh container. Both must be ready.
import {eachReached, type LiveCheck, list, need, ref} from './support.js'

export const CM305: LiveCheck = {
  id: 'CM305',
  run(model, ctx) {
    for (const c of eachReached(model, ctx)) {
      const got = need(ctx, c, c.reads.config, c.reads.apiserver, c.reads.apiserverPods)
      if (!got) continue
      const [config, deployment, pods] = got
      if (config?.kvstore) {
        ctx.skip({cluster: c.context}, `Cilium uses an external kvstore (${config.kvstore}), not the clustermesh-apiserver`)
        continue
      }
      const resource = ref(c, 'Deployment', 'clustermesh-apiserver', 'apps/v1')
      if (!deployment) {
        ctx.report({cluster: c.context, message: `Deployment clustermesh-apiserver not found in ${c.namespace}: peers have nothing to connect to`, resource, hint: 'set clustermesh.useAPIServer: true in the Cilium values'})
        continue
      }
      let failed = false
      if (deployment.ready < deployment.replicas || deployment.replicas === 0) {
        failed = true
        const notReady = pods.filter((p) => !p.ready).map((p) => `${p.name} (${p.containers.filter((s) => !s.ready).map((s) => `${s.name}: ${s.reason ?? 'not ready'}`).join('; ') || p.phase || 'not ready'})`)
        ctx.report({
          cluster: c.context,
          message: `clustermesh-apiserver: ${deployment.ready} of ${deployment.replicas} replicas ready${notReady.length ? `; ${list(notReady, 3)}` : ''}`,
          resource,
        })
      }
      if (deployment.kvstoremesh) {
        const down = pods.filter((p) => p.containers.some((s) => s.name === 'kvstoremesh' && !s.ready))
        if (down.length > 0) {
          failed = true
          ctx.report({
            cluster: c.context,
            message: `KVStoreMesh is enabled but its container is not ready in ${list(down.map((p) => p.name), 3)}: this cluster's agents see no remote state`,
            resource,
          })
        }
      }
      if (!failed) ctx.pass({cluster: c.context})
    }
  },
}
