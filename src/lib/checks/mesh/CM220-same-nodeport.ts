// CM220: with kube-proxy replacement, traffic to a NodePort that also exists locally is served locally
// (cilium/cilium#24692, values.yaml clustermesh.apiserver.service.nodePort): agents reach their own
// clustermesh-apiserver instead of the peer's.
import {at} from '../../mesh/fact.js'
import type {MeshCluster} from '../../mesh/types.js'
import {exchangingPairs, type MeshCheck, skipIfUnknown} from './support.js'

const nodePortOf = (m: MeshCluster): number | undefined => {
  const cm = m.clustermesh
  if (!cm.useAPIServer.known || !cm.useAPIServer.value || !cm.serviceType.known || cm.serviceType.value !== 'NodePort') return undefined
  return cm.nodePort.known ? Number(cm.nodePort.value) : undefined
}

export const CM220: MeshCheck = {
  id: 'CM220',
  run(model, ctx) {
    // Only pairs that exchange mesh state (support.ts exchange): an agent only dials a peer it is configured for.
    const {pairs, clusters} = exchangingPairs(model, ctx)
    const members = clusters.filter(
      (m) => !skipIfUnknown(ctx, m, m.clustermesh.useAPIServer, m.clustermesh.serviceType, m.clustermesh.nodePort, m.datapath.kubeProxyReplacement),
    )
    const memberSet = new Set(members)
    const failed = new Set<string>()
    for (const [a, b] of pairs) {
      if (!memberSet.has(a) || !memberSet.has(b)) continue
      const port = nodePortOf(a)
      if (port === undefined || port !== nodePortOf(b)) continue
      for (const [x, y] of [[a, b], [b, a]] as const) {
        const kpr = x.datapath.kubeProxyReplacement
        if (!kpr.known || !kpr.value) continue
        failed.add(x.name)
        ctx.report({
          cluster: x.name,
          peer: y.name,
          message: `the clustermesh-apiserver NodePort ${port} is the same in ${x.name} and ${y.name}; with kube-proxy replacement ${x.name}'s agents reach their own clustermesh-apiserver`,
          ...at(x.clustermesh.nodePort),
        })
      }
    }
    for (const m of members) if (!failed.has(m.name)) ctx.pass({cluster: m.name})
  },
}
