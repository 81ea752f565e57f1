// CM309: an ExternalSecret that produces a mesh Secret and is not Ready leaves that Secret missing or stale.
import {eachReached, type LiveCheck, need, ref} from './support.js'

export const CM309: LiveCheck = {
  id: 'CM309',
  run(model, ctx) {
    for (const c of eachReached(model, ctx)) {
      const got = need(ctx, c, c.reads.externalSecrets)
      if (!got) continue
      const [list] = got
      let failed = false
      for (const es of list) {
        if (es.ready?.status === 'True') continue
        failed = true
        const why = es.ready ? `${es.ready.reason ?? 'no reason'}${es.ready.message ? `: ${es.ready.message}` : ''}` : 'it has no Ready condition yet (the controller never processed it)'
        ctx.report({
          cluster: c.context,
          message: `ExternalSecret ${es.name} (→ Secret ${es.target}) is not ready: ${why}`,
          resource: ref(c, 'ExternalSecret', es.name, 'external-secrets.io/v1'),
        })
      }
      if (!failed) ctx.pass({cluster: c.context})
    }
  },
}
