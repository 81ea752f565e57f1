// A mesh CA like the chart's ("Cilium CA", three years), so that a healthy fixture has no certificate near expiry
// (the harness's mintCA lives 30 days, which CM310 rightly warns about).
import 'reflect-metadata'
import {webcrypto} from 'node:crypto'
import * as x509 from '@peculiar/x509'
import type {CertificateAuthority} from '../env/index.js'

x509.cryptoProvider.set(webcrypto as unknown as Crypto)
const ALG = {name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256'}
const DAY = 86_400_000

export async function mintMeshCA(cn = 'Cilium CA', days = 1095): Promise<CertificateAuthority> {
  const keys = (await webcrypto.subtle.generateKey(ALG, true, ['sign', 'verify'])) as CryptoKeyPair
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    name: `CN=${cn}`,
    keys,
    signingAlgorithm: ALG,
    notBefore: new Date(Date.now() - DAY),
    notAfter: new Date(Date.now() + days * DAY),
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  })
  const key = x509.PemConverter.encode(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY')
  return {name: cn, cert: cert.toString('pem'), key, signingKey: keys.privateKey}
}
