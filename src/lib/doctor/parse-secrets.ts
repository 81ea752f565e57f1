// The mesh Secrets and certificate Secrets → facts. Only what a finding may show is kept: entry names, endpoints,
// host aliases and public certificate facts. Key files are never decoded; values never leave this module.
import {X509Certificate} from 'node:crypto'
import type {KubeObject} from '../kube/index.js'
import {certificateFacts} from '../probe/certificate.js'
import {meshEntries, objectFiles} from '../live/mesh-secret.js'
import {certificateExtensions} from './x509-extensions.js'
import type {CertificateInfo, HostAlias, MeshCertificate, MeshSecret, PeerEntry} from './types.js'

type Rec = Record<string, unknown>
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {})

/**
 * The entries of a mesh Secret, read by src/lib/live like connect-check and dns-check read them. Texts that are
 * no etcd config at all (invalid YAML, no endpoints) are `unreadable`; the others are peers, with the problems that
 * keep the agents from using them (an endpoint without port, broken host aliases).
 */
export function parseMeshSecret(secret: KubeObject): MeshSecret {
  const files = objectFiles(secret)
  const peers: PeerEntry[] = []
  const unreadable: MeshSecret['unreadable'] = []
  for (const entry of meshEntries(files)) {
    if (entry.config.unreadable) {
      unreadable.push({key: entry.name, reason: entry.config.unreadable})
      continue
    }
    const hostAliases: HostAlias[] = [...entry.config.hostAliases].flatMap(([host, ips]) => ips.map((ip) => ({ip, hostnames: [host]})))
    peers.push({name: entry.name, endpoints: entry.config.endpoints, hostAliases, ...(entry.problems.length ? {problems: entry.problems} : {})})
  }
  return {name: secret.metadata.name, keys: [...files.keys()].sort(), peers, unreadable}
}

export interface ParsedCertificate {
  facts: MeshCertificate
  x509?: X509Certificate
}

/** The first certificate under one of the keys (in order); problem says why there is none. */
export function certificateFrom(secret: KubeObject, keys: string[]): ParsedCertificate {
  const data = rec(secret.data)
  const key = keys.find((k) => typeof data[k] === 'string' && data[k] !== '')
  const name = secret.metadata.name
  if (!key) return {facts: {secret: name, key: keys[0], problem: `has no ${keys.join(' or ')}`}}
  const pem = Buffer.from(String(data[key]), 'base64').toString('utf8')
  const block = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)
  if (!block) return {facts: {secret: name, key, problem: `${key} holds no PEM certificate`}}
  try {
    const x509 = new X509Certificate(block[0])
    return {facts: {secret: name, key, cert: describe(x509)}, x509}
  } catch (error) {
    return {facts: {secret: name, key, problem: `${key} is not a readable certificate (${(error as Error).message.split('\n')[0]})`}}
  }
}

export function describe(x509: X509Certificate): CertificateInfo {
  const ext = certificateExtensions(x509.raw)
  return {
    ...certificateFacts(x509),
    ...(ext.subjectKeyId ? {subjectKeyId: ext.subjectKeyId} : {}),
    ...(ext.authorityKeyId ? {authorityKeyId: ext.authorityKeyId} : {}),
    keyUsage: ext.keyUsage,
  }
}

/** A leaf certificate is the CA's when the CA names it as issuer and its signature verifies with the CA's key. */
export function issuedBy(leaf: X509Certificate, ca: X509Certificate): boolean {
  try {
    return leaf.checkIssued(ca) && leaf.verify(ca.publicKey)
  } catch {
    return false
  }
}
