// Facts about a certificate that findings may show: names, issuer, validity, usages, fingerprint.
// Only public certificate data; key material never passes through here.
import {X509Certificate} from 'node:crypto'

export interface CertificateFacts {
  subject: string // "CN=clustermesh-apiserver.cilium.io, O=..."
  commonName?: string
  issuer: string
  dnsNames: string[]
  ipAddresses: string[]
  validFrom: string // ISO 8601
  validTo: string
  serialNumber: string
  fingerprint256: string // "AB:CD:..."
  isCA: boolean
  selfIssued: boolean
  extKeyUsage: string[] // serverAuth, clientAuth, or the OID when unnamed
}

const EKU: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'OCSPSigning',
}

export function certificateFacts(input: X509Certificate | string | Buffer): CertificateFacts {
  const cert = input instanceof X509Certificate ? input : new X509Certificate(input)
  const sans = parseSubjectAltName(cert.subjectAltName)
  const subject = oneLine(cert.subject)
  return {
    subject,
    ...commonName(cert.subject),
    issuer: oneLine(cert.issuer),
    dnsNames: sans.filter((s) => s.type === 'DNS').map((s) => s.value),
    ipAddresses: sans.filter((s) => s.type === 'IP Address').map((s) => s.value),
    validFrom: new Date(cert.validFrom).toISOString(),
    validTo: new Date(cert.validTo).toISOString(),
    serialNumber: cert.serialNumber,
    fingerprint256: cert.fingerprint256,
    isCA: cert.ca,
    selfIssued: cert.subject === cert.issuer,
    extKeyUsage: (cert.keyUsage ?? []).map((oid) => EKU[oid] ?? oid),
  }
}

// Every certificate of a PEM bundle, in order (a CA file often holds several).
export function certificatesFromPem(pem: string): X509Certificate[] {
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []
  return blocks.map((block) => new X509Certificate(block))
}

const oneLine = (dn: string) => dn.split('\n').filter(Boolean).join(', ')

function commonName(dn: string): {commonName?: string} {
  const cn = dn.split('\n').find((part) => part.startsWith('CN='))
  return cn ? {commonName: cn.slice(3)} : {}
}

// "DNS:a, DNS:b, IP Address:127.0.0.1"; Node quotes values holding commas as JSON strings.
function parseSubjectAltName(text: string | undefined): {type: string; value: string}[] {
  if (!text) return []
  const entries = text.match(/[A-Za-z ]+:(?:"(?:[^"\\]|\\.)*"|[^,]*)/g) ?? []
  return entries.map((entry) => {
    const at = entry.indexOf(':')
    const type = entry.slice(0, at).trim()
    const raw = entry.slice(at + 1).trim()
    return {type, value: raw.startsWith('"') ? (JSON.parse(raw) as string) : raw}
  })
}
