// CM311: the agents' (and KVStoreMesh's) own verdict on each remote cluster, compared with the peers their Secrets
// name: a peer that some pod does not report ready is reported with num-failures and last-failure.
import {peerGaps} from '../../doctor/connectivity.js'
import {eachReached, type LiveCheck, list, byMeshName, ref} from './support.js'

export const CM311: LiveCheck = {
  id: 'CM311',
  run(model, ctx) {
    const contexts = byMeshName(model)
    for (const c of eachReached(model, ctx)) {
      if (!c.agentViews) {
        ctx.skip({cluster: c.context}, 'the agent pods could not be listed (CM301)')
        continue
      }
      const answered = c.agentViews.filter((v) => v.remotes.ok).length
      if (answered === 0) {
        ctx.skip({cluster: c.context}, c.agentViews.length === 0 ? 'no ready agent pod to ask (CM303)' : 'no agent answered (CM301)')
        continue
      }
      if (answered < c.agentViews.length || (c.kvstoremeshViews && c.kvstoremeshViews.some((v) => !v.remotes.ok)))
        ctx.skip({cluster: c.context}, 'some pods did not answer (CM301)')
      const found = peerGaps(c)
      for (const gap of found) {
        const worst = [...gap.pods].sort((a, b) => (b.numFailures ?? 0) - (a.numFailures ?? 0))[0]
        const failures = worst.numFailures === undefined ? '' : `, num-failures ${worst.numFailures}`
        const last = worst.lastFailure && !worst.lastFailure.startsWith('0001-') ? `, last-failure ${worst.lastFailure}` : ''
        const where = gap.component === 'agent' ? `${gap.pods.length} of ${gap.asked} agents` : `KVStoreMesh in ${gap.pods.length} of ${gap.asked} clustermesh-apiserver pods`
        ctx.report({
          cluster: c.context,
          peer: contexts.get(gap.peer)?.context ?? gap.peer,
          message: `${where} report remote cluster ${gap.peer} not ready: ${worst.reason}${failures}${last} (${list(gap.pods.map((p) => p.pod), 3)})`,
          resource: gap.component === 'agent' ? ref(c, 'DaemonSet', 'cilium', 'apps/v1') : ref(c, 'Deployment', 'clustermesh-apiserver', 'apps/v1'),
          details: gap.pods.map((p) => `${p.pod}: ${p.reason}${p.numFailures === undefined ? '' : ` (num-failures ${p.numFailures}${p.lastFailure ? `, last-failure ${p.lastFailure}` : ''})`}`),
        })
      }
      if (found.length === 0) ctx.pass({cluster: c.context})
    }
  },
}
