// The report's clusters[]: each source as connect-check saw it — identity, where its peer configs came
// from, each peer's endpoints and certificates described. Built field by field from public facts only:
// no PEM, no key, no Secret byte can reach it.
import type {CertificateFacts} from '../probe/index.js'
import type {ClusterSummary} from '../report/types.js'
import {firstCertificate} from './cert-lines.js'
import type {ConnectModel, PeerConfig} from './types.js'

const brief = (file: string | undefined, c: CertificateFacts | undefined) =>
  c ? {...(file ? {file} : {}), subject: c.subject, issuer: c.issuer, notAfter: c.validTo, sha256: c.fingerprint256} : file ? {file, unreadable: true} : undefined

function peerSummary(model: ConnectModel, source: string, p: PeerConfig): Record<string, unknown> {
  const result = model.results.find((r) => r.source === source && r.peer === p.name)
  const server = result?.serverCertificate
  const trustedCA = brief(p.files.trustedCa, firstCertificate(p.tls.ca))
  const clientCertificate = brief(p.files.cert, firstCertificate(p.tls.cert))
  return {
    name: p.name,
    endpoints: p.endpoints,
    ...(p.hostAliases.size ? {hostAliases: Object.fromEntries(p.hostAliases)} : {}),
    ...(trustedCA ? {trustedCA} : {}),
    ...(clientCertificate ? {clientCertificate} : {}),
    ...(server ? {serverCertificate: {...brief(undefined, server), dnsNames: server.dnsNames, ipAddresses: server.ipAddresses}} : {}),
    ...(result ? {addresses: [...new Set(result.endpoints.flatMap((e) => e.addresses))]} : {}),
    ...(p.problems.length ? {problems: p.problems} : {}),
    ...(p.notes.length ? {notes: p.notes} : {}),
  }
}

export function clusterSummaries(model: ConnectModel): ClusterSummary[] {
  return model.sources.map((s) => ({
    name: s.name,
    ...(s.id === undefined ? {} : {id: s.id}),
    ...(s.context ? {context: s.context} : {}),
    mode: s.mode,
    configFrom: s.configFrom,
    ...(s.kvstoremesh === undefined ? {} : {clustermesh: {kvstoremesh: s.kvstoremesh}}),
    ...(s.skippedSelf ? {ownEntrySkipped: s.skippedSelf} : {}),
    peers: s.peers.map((p) => peerSummary(model, s.name, p)),
  }))
}
