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
  /** The parsed ca/cert/key (a run's ProbeSession caches one per material); ca, cert and key are then ignored. */
  secureContext?: tls.SecureContext
  /** A session from an earlier handshake this run verified, to resume (no certificate exchange: the facts are those of that handshake). */
  session?: TlsResumption
  /** Called with each session ticket the server sends, once the handshake is verified. */
  onSession?: (session: TlsResumption) => void
}

// With TLS 1.3 a server judges the client certificate after the client has finished its handshake:
// 'accepted' when the server then sent a session ticket, 'unconfirmed' when it said nothing either way.
export interface TlsResumption {
  ticket: Buffer
  peer: CertificateFacts
  chain: CertificateFacts[]
}

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
      ...(target.secureContext ? {secureContext: target.secureContext} : {...(ca ? {ca} : {}), ...(cert && key ? {cert, key} : {})}),
      ...(target.session ? {session: target.session.ticket} : {}),
      rejectUnauthorized: false, // we verify ourselves below, to keep the peer's facts on failure
      checkServerIdentity: () => undefined,
    })
    // Tickets are handed out only once this handshake is verified: a session to resume is a trusted one.
    let verified = false
    const tickets: Buffer[] = []
    if (target.onSession) socket.on('session', (ticket: Buffer) => (verified ? target.onSession!({ticket, ...facts!}) : tickets.push(ticket)))
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
      // A resumed session carries no certificate: it is one we verified before (tickets are only kept then).
      // The ticket is kept per address, name and material, so the name was checked then too.
      const sent = peerFacts(socket)
      const resumed = !sent && Boolean(target.session) && socket.isSessionReused()
      facts = sent ? {peer: sent.peer, chain: sent.chain} : resumed ? {peer: target.session!.peer, chain: target.session!.chain} : undefined
      if (!facts) return finish(failure('tls-handshake', `${host}:${port} sent no certificate`))
      if (!socket.authorized) {
        const c = classifyNetError(socket.authorizationError)
        return finish(failure(c.error, `${host}:${port}: certificate "${facts.peer.subject}" not trusted: ${c.message}`, c.code))
      }
      if (sent && (name || net.isIP(host))) {
        const mismatch = tls.checkServerIdentity(name ?? host, sent.leaf) // the certificate read above, not a second copy
        if (mismatch) return finish(failure('tls-hostname', `${host}:${port}: ${mismatch.message}`, 'ERR_TLS_CERT_ALTNAME_INVALID'))
      }
      verified = true
      for (const ticket of tickets.splice(0)) target.onSession?.({ticket, ...facts!})
      const success = (clientCertificate: ClientCertVerdict): TlsSuccess => ({
        ok: true,
        protocol: socket.getProtocol() ?? 'unknown',
        ...facts!,
        clientCertificate,
        ms: since(start),
      })
      const withCert = Boolean(cert && key)
      if (socket.getProtocol() !== 'TLSv1.3') return finish(success(withCert ? 'accepted' : 'not-sent')) // TLS 1.2 judged it in the handshake
      // TLS 1.3: a server that wants a (valid) client certificate says so only now, with an alert.
      socket.once('session', () => finish(success(withCert ? 'accepted' : 'not-sent')))
      socket.once('close', () => finish(failure('tls-rejected', `${host}:${port} closed the connection after the handshake`)))
      setTimeout(() => finish(success(withCert ? 'unconfirmed' : 'not-sent')), Math.min(CLIENT_VERDICT_WAIT_MS, timeoutMs)).unref()
      socket.resume()
    })
  })
}

function peerFacts(socket: tls.TLSSocket): {peer: CertificateFacts; chain: CertificateFacts[]; leaf: tls.PeerCertificate} | undefined {
  const leaf = socket.getPeerCertificate(true)
  if (!leaf || !leaf.raw) return undefined
  const chain: CertificateFacts[] = []
  const seen = new Set<string>()
  for (let c: tls.DetailedPeerCertificate | undefined = leaf; c?.raw && !seen.has(c.fingerprint256); c = c.issuerCertificate) {
    seen.add(c.fingerprint256)
    chain.push(certificateFacts(new X509Certificate(c.raw)))
  }
  return {peer: chain[0], chain, leaf}
}
