// CM225: Argo CD renders charts with `helm template`, where Helm's `lookup` returns nothing. With
// clustermesh.apiserver.tls.auto.method helm the chart's cilium.ca.setup (templates/_helpers.tpl) then never finds
// the cilium-ca Secret already in the cluster and runs genCA on every render: a new CA on every sync, different in
// every cluster, so peers reject each other's certificates (cilium/cilium#32076). Only a CA given in the values
// (tls.ca.cert and tls.ca.key, the same in every cluster) survives; cronJob (certgen Job in the cluster) and
// certmanager are CM213's. A cilium-ca Secret placed in the cluster does not help here: the chart cannot read it.
import {at, provenance} from '../../mesh/fact.js'
import type {MeshCluster} from '../../mesh/types.js'
import {type MeshCheck, meshForPairs, skipIfUnknown} from './support.js'

/** The Cilium release is an Argo CD Application (rendered with helm template). */
export const installedByArgoCD = (m: MeshCluster) =>
  m.cilium?.resource?.kind === 'Application' && (m.cilium.resource.apiVersion ?? '').startsWith('argoproj.io/')

export const CM225: MeshCheck = {
  id: 'CM225',
  run(model, ctx) {
    const members = meshForPairs(model, ctx)
    if (members.length < 2) {
      for (const m of members) ctx.pass({cluster: m.name})
      return
    }
    for (const m of members) {
      if (!installedByArgoCD(m)) continue
      const tls = m.clustermesh.tls
      if (skipIfUnknown(ctx, m, m.clustermesh.useAPIServer, tls.autoEnabled, tls.method)) continue
      if (!m.clustermesh.useAPIServer.known || !tls.autoEnabled.known || !tls.method.known) continue
      if (!m.clustermesh.useAPIServer.value || !tls.autoEnabled.value || tls.method.value !== 'helm') {
        ctx.pass({cluster: m.name})
        continue
      }
      const certGiven = tls.caCert.known ? tls.caCert.value !== undefined : tls.caCert.present === true
      const keyGiven = tls.caKeyGiven.known ? tls.caKeyGiven.value : tls.caKeyGiven.present === true
      if (certGiven && keyGiven) {
        ctx.pass({cluster: m.name})
        continue
      }
      const unknownPart = [tls.caCert, tls.caKeyGiven].find((f) => !f.known && !f.present)
      if (unknownPart && !unknownPart.known) {
        ctx.skip({cluster: m.name}, unknownPart.reason)
        continue
      }
      const app = m.cilium?.resource
      const placed = m.caSecrets.length > 0 ? ' (the cilium-ca Secret placed in the cluster is not read: lookup finds nothing under helm template)' : ''
      ctx.report({
        cluster: m.name,
        message: `Argo CD Application ${app?.namespace ? `${app.namespace}/` : ''}${app?.name ?? ''} renders Cilium with helm template and clustermesh.apiserver.tls.auto.method helm${provenance(tls.method)} without tls.ca.cert/tls.ca.key: every sync mints a new CA in ${m.name}${placed}, different from its peers', and the clusters reject each other's certificates`,
        ...at(tls.method),
      })
    }
  },
}
