// The ways a network step fails, named for the person reading the finding, from Node's error codes.

export type ProbeFailureKind =
  | 'timeout' // no answer within the step's deadline
  | 'refused' // the port is closed (RST)
  | 'unreachable' // no route / host down
  | 'dns' // a hostname target did not resolve
  | 'reset' // the peer dropped the connection
  | 'tls-untrusted' // the server's certificate does not chain to the given CA
  | 'tls-hostname' // the certificate does not cover the name (SNI) we asked for
  | 'tls-expired' // the certificate is outside its validity window
  | 'tls-rejected' // the server refused us: our client certificate is missing, unknown or wrong
  | 'tls-handshake' // any other handshake failure (protocol, cipher)
  | 'denied' // the server knows who we are and refused the operation (etcd "permission denied", HTTP 401/403)
  | 'http' // any other HTTP answer that is not success
  | 'bad-response' // an answer we cannot read
  | 'error' // anything else

export interface ProbeFailure {
  ok: false
  error: ProbeFailureKind
  message: string // one line; never holds key material
  code?: string // Node/OpenSSL error code, for the curious
  ms: number
}

export function classifyNetError(error: unknown): {error: ProbeFailureKind; message: string; code?: string} {
  // tls.TLSSocket#authorizationError is a bare code string at run time
  if (typeof error === 'string') return {error: kindOf(error), message: error, code: error}
  const e = error as NodeJS.ErrnoException & {cause?: NodeJS.ErrnoException}
  const inner = e?.cause && typeof e.cause === 'object' && 'code' in e.cause ? e.cause : e
  const code = inner?.code ?? e?.code ?? ''
  const text = firstLine(inner?.message ?? e?.message)
  const kind = kindOf(code, e?.name)
  return {error: kind, message: kind === 'timeout' ? 'timed out' : text, ...(code ? {code} : {})}
}

function kindOf(code: string, name?: string): ProbeFailureKind {
  if (name === 'TimeoutError' || name === 'AbortError' || ['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT'].includes(code)) {
    return 'timeout'
  }
  if (code === 'ECONNREFUSED') return 'refused'
  if (['EHOSTUNREACH', 'ENETUNREACH', 'EHOSTDOWN', 'ENETDOWN'].includes(code)) return 'unreachable'
  if (['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME'].includes(code)) return 'dns'
  if (['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET'].includes(code)) return 'reset'
  // An alert received from the server: it refused our side of the handshake (usually the client certificate).
  if (/^ERR_SSL_.*ALERT_(BAD_CERTIFICATE|UNKNOWN_CA|CERTIFICATE_REQUIRED|CERTIFICATE_UNKNOWN|ACCESS_DENIED|UNSUPPORTED_CERTIFICATE|DECRYPT_ERROR)/.test(code)) {
    return 'tls-rejected'
  }
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID') return 'tls-hostname'
  if (code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID') return 'tls-expired'
  if (/^(UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT_IN_CHAIN|CERT_|ERR_TLS_|INVALID_CA|INVALID_PURPOSE|PATH_LENGTH_EXCEEDED|HOSTNAME_MISMATCH)/.test(code)) return 'tls-untrusted'
  if (/^ERR_SSL_/.test(code)) return 'tls-handshake'
  return 'error'
}

// One readable line: OpenSSL's "40...:error:0A000418:SSL routines:ssl3_read_bytes:tlsv1 alert unknown ca:../deps/..."
// becomes "tlsv1 alert unknown ca"; Node's hint about --use-system-ca is dropped (it is not our users' fix).
export function firstLine(text: unknown): string {
  const line = String(text ?? 'unknown error').split('\n')[0].trim()
  const openssl = /SSL routines:[^:]*:([^:]+):/.exec(line)
  if (openssl) return openssl[1]
  return line.replace(/; if the root CA is installed locally.*$/, '')
}

export const since = (start: bigint): number => Number((process.hrtime.bigint() - start) / 1_000_000n)
