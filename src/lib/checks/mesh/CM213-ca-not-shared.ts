// CM213: peers only trust each other when their clustermesh certificates come from one CA. With tls.auto.method
// helm or cronJob and no CA given (tls.ca.cert/key, or a cilium-ca Secret placed in every cluster), each cluster
// mints its own (templates/_helpers.tpl cilium.ca.setup); with certmanager, every cluster must use one CA issuer.
// Render errors are errors, not warnings: the removed clustermesh.apiserver.tls.ca.* keys, and certmanager without
// certManagerIssuerRef (templates/validate.yaml: "ClusterMesh TLS certgen method=certmanager requires user specify
// .Values.clustermesh.apiserver.tls.auto.certManagerIssuerRef"). When the peers' configs do not come from the chart
// (an ExternalSecret or SOPS Secret whose entries cannot be read, or a mesh joined out of band) the per-peer TLS is
// unknown: the CA check skips.
import type {CheckContext} from '../engine.js'
import {at, provenance} from '../../mesh/fact.js'
import type {MeshCluster, SecretProducer} from '../../mesh/types.js'
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
  if (!key)
    ctx.report({
      cluster: m.name,
      severity: 'error',
      message: `clustermesh.apiserver.tls.auto.method is certmanager${provenance(tls.method)} but no certManagerIssuerRef is set: the chart refuses to render (templates/validate.yaml)`,
      ...at(tls.method),
    })
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
    const unread = perPeerTlsUnknown(m)
    if (unread) return ctx.skip({cluster: m.name}, unread)
    const unknownPart = [tls.caCert, tls.caKeyGiven].find((f) => !f.known && !f.present)
    if (unknownPart && !unknownPart.known) return ctx.skip({cluster: m.name}, unknownPart.reason)
    return ctx.report({
      cluster: m.name,
      message: `clustermesh.apiserver.tls.auto.method is ${method}${provenance(tls.method)} and no shared CA is given: ${m.name} mints its own CA and its peers will reject its certificates`,
      ...at(tls.method),
    })
  }
  if (tls.caCertPlainPem?.known && tls.caCertPlainPem.value) {
    return ctx.report({
      cluster: m.name,
      severity: 'error',
      message: `tls.ca.cert${provenance(tls.caCert)} is PEM text, but the chart base64-decodes it (buildCustomCert): the render fails ("unable to decode base64 certificate"); give the base64 of the PEM (and of the key)`,
      ...at(tls.caCert),
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

const PER_PEER_TLS = /\.etcd-client(-ca)?\.(crt|key)$/

/**
 * Why the TLS m's agents use towards each peer cannot be read from the repository: the peer configs come from a
 * Secret whose entries cannot be read (ExternalSecret with dataFrom, SealedSecret keys only, …) or carry per-peer
 * certificates (<peer>.etcd-client-ca.crt), or the mesh is joined out of band (no peer list, no mesh Secret).
 */
function perPeerTlsUnknown(m: MeshCluster): string | undefined {
  const own = m.meshSecrets.filter((p) => p.secret === 'cilium-clustermesh')
  if (own.some((p) => p.kind === 'chart')) return undefined
  const outside = own.filter((p) => p.kind !== 'chart')
  const name = (p: SecretProducer) => `${p.sops ? 'SOPS ' : ''}${p.kind} ${p.resource?.namespace ? `${p.resource.namespace}/` : ''}${p.resource?.name ?? p.secret}`
  const unread = outside.find((p) => !p.keys || p.keys.some((k) => PER_PEER_TLS.test(k)))
  if (unread)
    return `${m.name}'s peer configs come from ${name(unread)}: which CA and client certificate it uses for each peer cannot be read from the repository`
  if (outside.length === 0 && !(m.clustermesh.configEnabled.known && m.clustermesh.configEnabled.value))
    return `${m.name} lists no peers and no mesh Secret is in the repository (joined out of band): its per-peer TLS is unknown`
  return undefined
}

export const CM213: MeshCheck = {
  id: 'CM213',
  run(model, ctx) {
    const members = meshForPairs(model, ctx)
    for (const m of members) {
      const tls = m.clustermesh.tls
      if (tls.legacyCa?.known && tls.legacyCa.value) {
        ctx.report({
          cluster: m.name,
          severity: 'error',
          message: 'clustermesh.apiserver.tls.ca.cert/key are set: these keys were removed (deprecated in 1.14, gone in 1.15) and the chart fails to render; use tls.ca.cert/tls.ca.key',
          ...at(tls.legacyCa),
        })
        continue
      }
      if (skipIfUnknown(ctx, m, m.clustermesh.useAPIServer, tls.autoEnabled, tls.method)) continue
      if (!m.clustermesh.useAPIServer.known || !tls.autoEnabled.known || !tls.method.known) continue
      if (!m.clustermesh.useAPIServer.value || !tls.autoEnabled.value) ctx.pass({cluster: m.name})
      else if (tls.method.value === 'certmanager') checkCertManager(m, members, ctx)
      else if (tls.method.value === 'helm' || tls.method.value === 'cronJob') checkGeneratedCerts(m, members, ctx, tls.method.value)
      else ctx.pass({cluster: m.name})
    }
  },
}
