// Certificates described for a finding: subject, issuer, names, expiry, fingerprint. Never the PEM itself.
import {type CertificateFacts, certificateFacts, certificatesFromPem} from '../probe/index.js'

export function describeCertificate(label: string, c: CertificateFacts): string[] {
  const names = [...c.dnsNames, ...c.ipAddresses]
  return [
    `${label}: ${c.subject}, issued by ${c.issuer}`,
    ...(names.length ? [`  names: ${names.join(', ')}`] : []),
    `  valid ${c.validFrom} to ${c.validTo}; SHA-256 ${c.fingerprint256}`,
  ]
}

/** Facts of the first certificate in a PEM bundle, or undefined when none parses. */
export function firstCertificate(pem: string | undefined): CertificateFacts | undefined {
  if (!pem) return undefined
  try {
    const [first] = certificatesFromPem(pem)
    return first ? certificateFacts(first) : undefined
  } catch {
    return undefined
  }
}

export const subjectsOf = (pem: string | undefined): string[] => {
  if (!pem) return []
  try {
    return certificatesFromPem(pem).map((c) => certificateFacts(c).subject)
  } catch {
    return []
  }
}
