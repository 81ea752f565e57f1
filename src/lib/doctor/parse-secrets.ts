// The mesh Secrets and certificate Secrets → facts. Only what a finding may show is kept: entry names, endpoints,
// host aliases and public certificate facts. Key files are never decoded; values never leave this module.
import {X509Certificate} from 'node:crypto'
import {parse} from 'yaml'
import type {KubeObject} from '../kube/index.js'
import {certificateFacts} from '../probe/certificate.js'
import {certificateExtensions} from './x509-extensions.js'
import type {CertificateInfo, HostAlias, MeshCertificate, MeshSecret, PeerEntry} from './types.js'

type Rec = Record<string, unknown>
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {})

// Per-peer TLS files sit beside the configs (<name>.etcd-client.key …): never read them.
const isKeyMaterial = (key: string) => /\.(key|crt|pem)$/.test(key)

export function parseMeshSecret(secret: KubeObject): MeshSecret {
  const data = rec(secret.data)
  const keys = Object.keys(data).sort()
  const peers: PeerEntry[] = []
  const unreadable: MeshSecret['unreadable'] = []
  for (const key of keys) {
    if (isKeyMaterial(key)) continue
    const text = Buffer.from(String(data[key] ?? ''), 'base64').toString('utf8')
    // The agent's own test (pkg/clustermesh/common/config.go): a file is a cluster config when it holds "endpoints:".
    if (!text.includes('endpoints:')) continue
    let doc: unknown
    try {
      doc = parse(text)
    } catch {
      unreadable.push({key, reason: 'not valid YAML'})
      continue
    }
    const endpoints = Array.isArray(rec(doc).endpoints) ? (rec(doc).endpoints as unknown[]).filter((e): e is string => typeof e === 'string') : []
    if (endpoints.length === 0) {
      unreadable.push({key, reason: 'no endpoints list'})
      continue
    }
    peers.push({name: key, endpoints, hostAliases: aliasesOf(rec(doc)['cilium-host-aliases'])})
  }
  return {name: secret.metadata.name, keys, peers, unreadable}
}

function aliasesOf(v: unknown): HostAlias[] {
  return Object.entries(rec(v)).flatMap(([host, entry]) => {
    const ips = rec(entry).ips
    return Array.isArray(ips) ? ips.filter((ip): ip is string => typeof ip === 'string').map((ip) => ({ip, hostnames: [host]})) : []
  })
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
