// Throw-away PKI for the real servers: CAs and leaf certificates minted in memory per test run
// (ECDSA P-256, fast). PEM strings only; files exist only in the harness's tmp dirs.
import 'reflect-metadata' // @peculiar/x509 (tsyringe) needs it loaded first
import {webcrypto} from 'node:crypto'
import * as x509 from '@peculiar/x509'

x509.cryptoProvider.set(webcrypto as unknown as Crypto)

const ALG = {name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256'}
const DAY = 86_400_000

export interface CertKeyPair {
  cert: string // PEM
  key: string // PEM (PKCS#8)
}

export interface CertificateAuthority extends CertKeyPair {
  name: string
  signingKey: CryptoKey
}

export interface LeafOptions {
  cn: string
  organizations?: string[] // O=, Kubernetes groups for client certificates
  dnsNames?: string[]
  ips?: string[]
  usage?: 'server' | 'client' | 'both'
  notBefore?: Date
  notAfter?: Date
}

export async function mintCA(cn = 'kubectl-mesh test CA'): Promise<CertificateAuthority> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: dn(cn),
    keys,
    signingAlgorithm: ALG,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + 30 * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  })
  return {name: cn, cert: cert.toString('pem'), key: await pkcs8(keys.privateKey), signingKey: keys.privateKey}
}

export async function issueCert(ca: CertificateAuthority, options: LeafOptions): Promise<CertKeyPair> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair
  const usage = options.usage ?? 'both'
  const eku = [
    ...(usage === 'client' ? [] : [x509.ExtendedKeyUsage.serverAuth]),
    ...(usage === 'server' ? [] : [x509.ExtendedKeyUsage.clientAuth]),
  ]
  const sans = [
    ...(options.dnsNames ?? []).map((value) => ({type: 'dns' as const, value})),
    ...(options.ips ?? []).map((value) => ({type: 'ip' as const, value})),
  ]
  const caCert = new x509.X509Certificate(ca.cert)
  const cert = await x509.X509CertificateGenerator.create({
    subject: dn(options.cn, options.organizations),
    issuer: caCert.subject,
    publicKey: keys.publicKey,
    signingKey: ca.signingKey,
    signingAlgorithm: ALG,
    notBefore: options.notBefore ?? new Date(Date.now() - DAY),
    notAfter: options.notAfter ?? new Date(Date.now() + 7 * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension(eku),
      ...(sans.length > 0 ? [new x509.SubjectAlternativeNameExtension(sans)] : []),
      await x509.AuthorityKeyIdentifierExtension.create(caCert, false, webcrypto as unknown as Crypto),
    ],
  })
  return {cert: cert.toString('pem'), key: await pkcs8(keys.privateKey)}
}

// A key pair for kube-apiserver's service-account tokens (public + private PEM).
export async function mintServiceAccountKeys(): Promise<{publicKey: string; privateKey: string}> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair
  const spki = await webcrypto.subtle.exportKey('spki', keys.publicKey)
  return {publicKey: x509.PemConverter.encode(spki, 'PUBLIC KEY'), privateKey: await pkcs8(keys.privateKey)}
}

async function pkcs8(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', key), 'PRIVATE KEY')
}

// RFC 4514 string; values are ours (no commas), groups become one O= each.
const dn = (cn: string, organizations: string[] = []) => [`CN=${cn}`, ...organizations.map((o) => `O=${o}`)].join(', ')
