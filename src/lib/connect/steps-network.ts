// The agent's first three steps towards an endpoint: resolve the host, open TCP, handshake TLS with
// SNI = the endpoint's host name and the source's trusted CA (cilium-dbg troubleshoot clustermesh).
import {type DnsQuery, probeDns, probeTcp, probeTls, type TlsFailure, type TlsResumption, tlsSessionId} from '../probe/index.js'
import {describeCertificate, firstCertificate, subjectsOf} from './cert-lines.js'
import {type ChainContext, type ChainState, fail, pass, skip, type StepFn} from './chain-state.js'
import {hostPort} from './endpoint.js'

export const dnsStep: StepFn = async (s, ctx) => {
  if (s.isIP) {
    s.addresses = [s.host]
    return skip('the endpoint is an IP address')
  }
  const override = ctx.resolve.get(s.host.toLowerCase())
  if (override) {
    s.addresses = override
    return skip(`--resolve ${s.host}=${override.join(',')}`)
  }
  const alias = [...ctx.peer.hostAliases].find(([name]) => name.toLowerCase() === s.host.toLowerCase())?.[1]
  if (alias) {
    s.addresses = alias
    return skip(`host alias ${s.host} → ${alias.join(', ')} (Helm clustermesh.config.clusters[].ips)`)
  }
  const server = ctx.resolver ? {server: ctx.resolver} : {}
  // Within a run one name is asked once (several sources often name the same peer).
  const ask = (q: DnsQuery) => (ctx.session ? ctx.session.resolve(q) : probeDns(q))
  let answer = await ask({name: s.host, type: 'A', ...server, timeoutMs: ctx.stepTimeoutMs})
  if (!answer.ok && answer.error === 'NODATA') answer = await ask({name: s.host, type: 'AAAA', ...server, timeoutMs: ctx.stepTimeoutMs})
  if (answer.ok) {
    s.addresses = answer.addresses.map((a) => a.address)
    return pass(`${s.host} → ${s.addresses.join(', ')}`)
  }
  const details = [`asked ${ctx.resolver ?? 'the system resolver'}; agents resolve from their nodes, which may see other records`]
  if (ctx.hostAliasGap) details.push(ctx.hostAliasGap)
  return fail(answer.message.startsWith(s.host) ? answer.message : `${s.host}: ${answer.message}`, details)
}

export const tcpStep: StepFn = async (s, ctx) => {
  const failures: string[] = []
  // Like Go's dialer: the addresses in order, the first that connects wins.
  for (const address of s.addresses) {
    const r = await probeTcp({host: address, port: s.port, timeoutMs: ctx.stepTimeoutMs})
    const hp = hostPort(address, s.port)
    if (r.ok) {
      s.connectedTo = address
      return pass(`${hp} connected`, failures)
    }
    failures.push(
      r.error === 'refused'
        ? `${hp}: connection refused (nothing listens there)`
        : r.error === 'timeout'
          ? `${hp}: timed out after ${ctx.stepTimeoutMs}ms (packets dropped: firewall, route, or nobody owns the address)`
          : `${hp}: ${r.error === 'unreachable' ? 'unreachable' : r.message}`,
    )
  }
  return fail(failures.length === 1 ? failures[0] : `no address of ${s.host} accepts TCP on port ${s.port}`, failures.length === 1 ? undefined : failures)
}

export const tlsStep: StepFn = async (s, ctx) => {
  const name = s.isIP ? undefined : s.host
  const {ca, cert, key} = ctx.peer.tls
  const material = {...(ca ? {ca} : {}), ...(cert && key ? {cert, key} : {})}
  // A full handshake always (this step reports the server's certificate); its session ticket lets the etcd
  // steps' guard handshake resume instead of verifying the same chain again.
  const session = ctx.session
  const r = await probeTls({
    host: s.connectedTo!,
    port: s.port,
    ...(name ? {servername: name} : {}),
    ...material,
    timeoutMs: ctx.stepTimeoutMs,
    ...(session
      ? {secureContext: session.secureContext(material), onSession: (ticket: TlsResumption) => session.saveTlsSession(tlsSessionId(s.connectedTo!, s.port, name, material), ticket)}
      : {}),
  })
  if (r.ok) {
    s.serverCertificate = r.peer
    s.clientVerdict = r.clientCertificate
    return pass(`${r.protocol}: "${r.peer.subject}" issued by ${r.peer.issuer}, valid for ${name ?? s.host}`)
  }
  if (r.peer) s.serverCertificate = r.peer
  if (r.error === 'tls-rejected') {
    s.clientRejected = r.message
    // The server refused us after we had verified it (TLS 1.3): this step passed, the next one fails.
    return r.peer ? pass(`"${r.peer.subject}" issued by ${r.peer.issuer}, valid for ${name ?? s.host}`) : skip('the server ended the handshake before its certificate could be checked')
  }
  return fail(tlsMessage(s, ctx, r, name), tlsDetails(s, ctx, r))
}

function tlsMessage(s: ChainState, ctx: ChainContext, r: TlsFailure, name: string | undefined): string {
  const who = name ?? s.host
  const c = r.peer
  switch (r.error) {
    case 'tls-hostname':
      return `${who}: the server certificate is valid for ${c ? [...c.dnsNames, ...c.ipAddresses].join(', ') || 'no names' : 'other names'}, not ${who}`
    case 'tls-untrusted':
      return `${who}: the server certificate${c ? ` (issued by ${c.issuer})` : ''} does not verify against ${ctx.peer.tls.ca ? 'the trusted CA of this peer config' : 'the system roots (no trusted-ca-file)'}: ${untrustedReason(r)}`
    case 'tls-expired':
      return c && Date.parse(c.validTo) < ctx.now()
        ? `${who}: the server certificate expired on ${c.validTo}`
        : `${who}: a certificate of the server's chain is outside its validity period (${r.message.replace(/^[^ ]+ /, '')})`
    case 'timeout':
      return `${hostPort(s.connectedTo!, s.port)}: no TLS handshake within ${ctx.stepTimeoutMs}ms (is this a TLS port?)`
    default:
      return `${who}: TLS handshake failed: ${r.message.replace(/^\S+:\d+: /, '')}`
  }
}

function tlsDetails(_s: ChainState, ctx: ChainContext, r: TlsFailure): string[] {
  const lines = r.peer ? describeCertificate('server certificate', r.peer) : []
  const trusted = subjectsOf(ctx.peer.tls.ca)
  if (trusted.length) lines.push(`trusted CA${trusted.length > 1 ? 's' : ''} (${ctx.peer.files.trustedCa}): ${trusted.join('; ')}`)
  const ca = firstCertificate(ctx.peer.tls.ca)
  if (ca) lines.push(`  trusted CA SHA-256 ${ca.fingerprint256}`)
  return lines
}

// OpenSSL's verify codes, in the words Go's x509 (and so the agent's log) would use.
function untrustedReason(r: TlsFailure): string {
  const code = r.code ?? ''
  if (/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT(_LOCALLY)?|SELF_SIGNED_CERT_IN_CHAIN|DEPTH_ZERO_SELF_SIGNED_CERT)$/.test(code)) {
    return `certificate signed by unknown authority (${code})`
  }
  if (code === 'INVALID_PURPOSE') return `certificate specifies an incompatible key usage (${code})`
  return r.message.replace(/^.*not trusted: /, '')
}
