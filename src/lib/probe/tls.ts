// TLS step: handshake with SNI and an optional client certificate; report the server's certificate
// whatever the outcome, so a finding can say "valid for X, not Y" or "issued by another CA".
import tls from 'node:tls'
import net from 'node:net'
import {type CertificateFacts, certificateFacts} from './certificate.js'
import {classifyNetError, type ProbeFailure, since} from './failure.js'
import {X509Certificate} from 'node:crypto'

export interface TlsTarget {
  host: string
  port: number
  servername?: string // SNI and the name to verify; default: host when it is a name
  ca?: string // PEM bundle to trust; default: the system roots
  cert?: string // client certificate (PEM)
  key?: string // its private key (PEM); used for the handshake only
  timeoutMs: number
}

// With TLS 1.3 a server judges the client certificate after the client has finished its handshake:
// 'accepted' when the server then sent a session ticket, 'unconfirmed' when it said nothing either way.
export type ClientCertVerdict = 'accepted' | 'unconfirmed' | 'not-sent'

export type TlsSuccess = {
  ok: true
  protocol: string
  peer: CertificateFacts
  chain: CertificateFacts[] // the peer first, then the issuers it sent
  clientCertificate: ClientCertVerdict
  ms: number
}
export type TlsFailure = ProbeFailure & {peer?: CertificateFacts; chain?: CertificateFacts[]}
export type TlsResult = TlsSuccess | TlsFailure

const CLIENT_VERDICT_WAIT_MS = 1500

export function probeTls(target: TlsTarget): Promise<TlsResult> {
  const {host, port, ca, cert, key, timeoutMs} = target
  const name = target.servername ?? (net.isIP(host) ? undefined : host)
  const start = process.hrtime.bigint()

  return new Promise((resolve) => {
    let settled = false
    let facts: {peer: CertificateFacts; chain: CertificateFacts[]} | undefined
    const socket = tls.connect({
      host,
      port,
      ...(name ? {servername: name} : {}),
      ...(ca ? {ca} : {}),
      ...(cert && key ? {cert, key} : {}),
      rejectUnauthorized: false, // we verify ourselves below, to keep the peer's facts on failure
      checkServerIdentity: () => undefined,
    })
    const finish = (result: TlsResult) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      socket.destroy()
      resolve(result)
    }
    const failure = (error: ProbeFailure['error'], message: string, code?: string): TlsFailure => ({
      ok: false,
      error,
      message,
      ...(code ? {code} : {}),
      ms: since(start),
      ...(facts ?? {}),
    })
    const timer = setTimeout(() => finish(failure('timeout', `${host}:${port}: no TLS handshake within ${timeoutMs}ms`)), timeoutMs)

    socket.once('error', (error) => {
      const c = classifyNetError(error)
      const message =
        c.error !== 'tls-rejected'
          ? `${host}:${port}: ${c.message}`
          : cert && key
            ? `${host}:${port} rejected the client certificate (${c.message})`
            : `${host}:${port} requires a client certificate (${c.message})`
      finish(failure(c.error, message, c.code))
    })

    socket.once('secureConnect', () => {
      facts = peerFacts(socket)
      if (!facts) return finish(failure('tls-handshake', `${host}:${port} sent no certificate`))
      if (!socket.authorized) {
        const c = classifyNetError(socket.authorizationError)
        return finish(failure(c.error, `${host}:${port}: certificate "${facts.peer.subject}" not trusted: ${c.message}`, c.code))
      }
      if (name || net.isIP(host)) {
        const mismatch = tls.checkServerIdentity(name ?? host, socket.getPeerCertificate())
        if (mismatch) return finish(failure('tls-hostname', `${host}:${port}: ${mismatch.message}`, 'ERR_TLS_CERT_ALTNAME_INVALID'))
      }
      const success = (clientCertificate: ClientCertVerdict): TlsSuccess => ({
        ok: true,
        protocol: socket.getProtocol() ?? 'unknown',
        ...facts!,
        clientCertificate,
        ms: since(start),
      })
      const sent = Boolean(cert && key)
      if (socket.getProtocol() !== 'TLSv1.3') return finish(success(sent ? 'accepted' : 'not-sent')) // TLS 1.2 judged it in the handshake
      // TLS 1.3: a server that wants a (valid) client certificate says so only now, with an alert.
      socket.once('session', () => finish(success(sent ? 'accepted' : 'not-sent')))
      socket.once('close', () => finish(failure('tls-rejected', `${host}:${port} closed the connection after the handshake`)))
      setTimeout(() => finish(success(sent ? 'unconfirmed' : 'not-sent')), Math.min(CLIENT_VERDICT_WAIT_MS, timeoutMs)).unref()
      socket.resume()
    })
  })
}

function peerFacts(socket: tls.TLSSocket): {peer: CertificateFacts; chain: CertificateFacts[]} | undefined {
  const leaf = socket.getPeerCertificate(true)
  if (!leaf || !leaf.raw) return undefined
  const chain: CertificateFacts[] = []
  const seen = new Set<string>()
  for (let c: tls.DetailedPeerCertificate | undefined = leaf; c?.raw && !seen.has(c.fingerprint256); c = c.issuerCertificate) {
    seen.add(c.fingerprint256)
    chain.push(certificateFacts(new X509Certificate(c.raw)))
  }
  return {peer: chain[0], chain}
}
