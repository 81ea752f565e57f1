// CM213: peers only trust each other when their clustermesh certificates come from one CA. With tls.auto.method
// helm or cronJob and no CA given (tls.ca.cert/key, or a cilium-ca Secret placed in every cluster), each cluster
// mints its own (templates/_helpers.tpl cilium.ca.setup); with certmanager, every cluster must use one CA issuer.
import type {CheckContext} from '../engine.js'
import {at, provenance} from '../../mesh/fact.js'
import type {MeshCluster} from '../../mesh/types.js'
import {type MeshCheck, meshForPairs, skipIfUnknown} from './support.js'

function issuerKey(m: MeshCluster): string | undefined {
  const ref = m.clustermesh.tls.issuerRef
  return ref.known && ref.value ? `${ref.value.kind ?? 'Issuer'}/${ref.value.name ?? ''}` : undefined
}

/** cert-manager: one CA issuer in every cluster; a self-signed issuer is a CA per cluster. */
function checkCertManager(m: MeshCluster, members: readonly MeshCluster[], ctx: CheckContext): void {
  const tls = m.clustermesh.tls
  if (skipIfUnknown(ctx, m, tls.issuerRef)) return
  const key = issuerKey(m)
  const other = members.find((o) => o !== m && issuerKey(o) !== undefined && issuerKey(o) !== key)
  const issuer = m.issuers.find((i) => key === `${i.kind}/${i.name}`)
  if (!key) ctx.report({cluster: m.name, message: 'tls.auto.method is certmanager but no certManagerIssuerRef is set', ...at(tls.method)})
  else if (other)
    ctx.report({cluster: m.name, peer: other.name, message: `${m.name} issues mesh certificates from ${key}, ${other.name} from ${issuerKey(other)}: they need one CA`, ...at(tls.issuerRef)})
  else if (issuer?.type === 'selfSigned')
    ctx.report({cluster: m.name, message: `cert-manager issuer ${key} is self-signed: each cluster gets its own CA`, ...at(tls.issuerRef)})
  else ctx.pass({cluster: m.name})
}

/** helm / cronJob: a CA must be given (tls.ca, valuesFrom) or placed (cilium-ca), and be the same everywhere. */
function checkGeneratedCerts(m: MeshCluster, members: readonly MeshCluster[], ctx: CheckContext, method: string): void {
  const tls = m.clustermesh.tls
  // A CA set from a Secret through valuesFrom is given even though its content cannot be read.
  const certGiven = tls.caCert.known ? tls.caCert.value !== undefined : tls.caCert.present === true
  const keyGiven = tls.caKeyGiven.known ? tls.caKeyGiven.value : tls.caKeyGiven.present === true
  const copied = m.caSecrets.length > 0
  if (!(certGiven && keyGiven) && !copied) {
    const unknownPart = [tls.caCert, tls.caKeyGiven].find((f) => !f.known && !f.present)
    if (unknownPart && !unknownPart.known) return ctx.skip({cluster: m.name}, unknownPart.reason)
    return ctx.report({
      cluster: m.name,
      message: `clustermesh.apiserver.tls.auto.method is ${method}${provenance(tls.method)} and no shared CA is given: ${m.name} mints its own CA and its peers will reject its certificates`,
      ...at(tls.method),
    })
  }
  const mine = tls.caCert.known ? tls.caCert.value : undefined
  const differs = mine
    ? members.find((o) => o !== m && o.clustermesh.tls.caCert.known && o.clustermesh.tls.caCert.value && o.clustermesh.tls.caCert.value !== mine)
    : undefined
  if (differs)
    ctx.report({cluster: m.name, peer: differs.name, message: `tls.ca.cert differs between ${m.name} and ${differs.name}: the clusters do not share one CA`, ...at(tls.caCert)})
  else ctx.pass({cluster: m.name})
}

export const CM213: MeshCheck = {
  id: 'CM213',
  run(model, ctx) {
    const members = meshForPairs(model, ctx)
    for (const m of members) {
      const tls = m.clustermesh.tls
      if (skipIfUnknown(ctx, m, m.clustermesh.useAPIServer, tls.autoEnabled, tls.method)) continue
      if (!m.clustermesh.useAPIServer.known || !tls.autoEnabled.known || !tls.method.known) continue
      if (!m.clustermesh.useAPIServer.value || !tls.autoEnabled.value) ctx.pass({cluster: m.name})
      else if (tls.method.value === 'certmanager') checkCertManager(m, members, ctx)
      else if (tls.method.value === 'helm' || tls.method.value === 'cronJob') checkGeneratedCerts(m, members, ctx, tls.method.value)
      else ctx.pass({cluster: m.name})
    }
  },
}
