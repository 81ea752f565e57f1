// etcd key reads over gRPC (KV.Range), with mutual TLS. Not through the JSON gateway: with etcd auth on
// — as in every clustermesh-apiserver, whose users are client-certificate CNs — the gateway answers
// "CommonName of client sending a request against gateway will be ignored" (HTTP 400) to every key read.
import tls, {type SecureContext} from 'node:tls'
import {classifyNetError, firstLine, type ProbeFailureKind, since} from './failure.js'
import {decodeMessage, encodeBytesField, encodeVarintField, GrpcConnection} from './grpc-unary.js'
import {probeTls, type TlsResumption} from './tls.js'
import type {EtcdRangeResult, EtcdTarget} from './etcd.js'

export interface EtcdChannelOptions {
  /** Parsed ca/cert/key shared by the run (ProbeSession.secureContext); made from the target's PEM otherwise. */
  secureContext?: SecureContext
  /**
   * A TLS session of a handshake this run verified to the same address, name and material (the TLS step's):
   * the channel then resumes it, with no guard handshake before. Without one, a guard handshake comes first.
   */
  tlsSession?: TlsResumption
}

export interface EtcdReadOptions {
  prefix?: boolean
  limit?: number
  /** This read's budget; default: the target's timeoutMs. */
  timeoutMs?: number
}

const RANGE_PATH = '/etcdserverpb.KV/Range'

/**
 * One HTTP/2 connection to one etcd endpoint for every read of it (gRPC KV.Range, see grpc-unary.ts): the first
 * read opens it, later reads reuse it. A failed read drops it, so the next one starts over. close() ends it;
 * reads after close() fail. Every connection is ours to time out and destroy: nothing outlives close().
 */
export class EtcdChannel {
  private connection?: GrpcConnection
  private closed = false
  private ticket?: TlsResumption

  constructor(
    private readonly target: EtcdTarget,
    private readonly options: EtcdChannelOptions = {},
  ) {
    this.ticket = options.tlsSession
  }

  async get(key: string, options: EtcdReadOptions = {}): Promise<EtcdRangeResult> {
    const start = process.hrtime.bigint()
    const {target} = this
    const timeoutMs = options.timeoutMs ?? target.timeoutMs
    const url = new URL(target.url)
    const host = url.hostname.replace(/^\[|\]$/g, '')
    const port = Number(url.port || 2379)
    const closed = (): EtcdRangeResult => ({ok: false, error: 'error', message: `${url.host}: the channel was closed (the run ended)`, ms: since(start)})
    if (this.closed) return closed()
    const sentClientCert = Boolean(target.cert && target.key)
    const secureContext = (this.options.secureContext ??= tls.createSecureContext({
      ...(target.ca ? {ca: target.ca} : {}),
      ...(sentClientCert ? {cert: target.cert, key: target.key} : {}),
    }))

    if (!this.connection || this.connection.closed) {
      if (!this.ticket) {
        // No verified session to resume: handshake on our own first, so that a rejected or untrusted
        // certificate is named as precisely as in the TLS step; its ticket makes the connection below cheap.
        const handshake = await probeTls({
          host,
          port,
          servername: target.servername,
          ca: target.ca,
          cert: target.cert,
          key: target.key,
          timeoutMs,
          secureContext,
          onSession: (ticket) => (this.ticket = ticket),
        })
        if (!handshake.ok) return {ok: false, error: handshake.error, message: handshake.message, ...(handshake.code ? {code: handshake.code} : {}), ms: since(start)}
        if (this.closed) return closed()
      }
      try {
        this.connection = await GrpcConnection.open({
          host,
          port,
          ...(target.servername ? {servername: target.servername} : {}),
          secureContext,
          ...(this.ticket ? {session: this.ticket.ticket} : {}),
          timeoutMs: Math.max(1, timeoutMs - since(start)),
        })
      } catch (error) {
        const c = classifyNetError(error)
        const message =
          c.error !== 'tls-rejected'
            ? `${url.host}: ${c.message}`
            : sentClientCert
              ? `${url.host} rejected the client certificate (${c.message})`
              : `${url.host} requires a client certificate (${c.message})`
        return {ok: false, ...c, message, ms: since(start)}
      }
      if (this.closed) {
        this.drop()
        return closed()
      }
    }
    const keyBytes = Buffer.from(key, 'utf8')
    const request: number[] = []
    encodeBytesField(1, keyBytes, request)
    if (options.prefix) encodeBytesField(2, prefixEnd(keyBytes), request)
    if (options.limit) encodeVarintField(3, BigInt(options.limit), request)
    const authority = target.servername ?? url.host
    try {
      const answer = await this.connection.call(RANGE_PATH, authority, Buffer.from(request), Math.max(1, timeoutMs - since(start)))
      const response = decodeRange(answer)
      return {...response, ok: true, ms: since(start)}
    } catch (error) {
      // Start the next read afresh: a connection that failed once may be broken.
      this.drop()
      const e = (error instanceof Error ? {code: 13, details: error.message} : error) as GrpcError
      const {error: kind, message} = classifyGrpcError(e, sentClientCert)
      return {ok: false, error: kind, message: `${url.host}: ${message}`, code: `grpc:${e.code}`, ms: since(start)}
    }
  }

  close(): void {
    this.closed = true
    this.drop()
  }

  private drop(): void {
    const connection = this.connection
    this.connection = undefined
    connection?.close()
  }
}

// RangeResponse {header: ResponseHeader = 1; repeated KeyValue kvs = 2; bool more = 3; int64 count = 4}
function decodeRange(message: Buffer): Omit<Extract<EtcdRangeResult, {ok: true}>, 'ok' | 'ms'> {
  const top = decodeMessage(message)
  const header = top.get(1)?.[0]
  const h = header instanceof Buffer ? decodeMessage(header) : new Map<number, (bigint | Buffer)[]>()
  const num = (m: Map<number, (bigint | Buffer)[]>, field: number) => {
    const v = m.get(field)?.[0]
    return typeof v === 'bigint' ? v : 0n
  }
  const text = (m: Map<number, (bigint | Buffer)[]>, field: number) => {
    const v = m.get(field)?.[0]
    return v instanceof Buffer ? v.toString('utf8') : ''
  }
  const kvs = (top.get(2) ?? []).filter((v): v is Buffer => v instanceof Buffer).map((raw) => {
    const kv = decodeMessage(raw)
    return {
      key: text(kv, 1),
      value: text(kv, 5),
      createRevision: Number(BigInt.asIntN(64, num(kv, 2))),
      modRevision: Number(BigInt.asIntN(64, num(kv, 3))),
      version: Number(BigInt.asIntN(64, num(kv, 4))),
    }
  })
  return {
    kvs,
    count: Number(BigInt.asIntN(64, num(top, 4))),
    revision: Number(BigInt.asIntN(64, num(h, 3))),
    clusterId: String(num(h, 1)),
    memberId: String(num(h, 2)),
  }
}

/** One read on a channel of its own (closed before returning). */
export async function etcdGet(target: EtcdTarget, key: string, options: {prefix?: boolean; limit?: number} = {}): Promise<EtcdRangeResult> {
  const channel = new EtcdChannel(target)
  try {
    return await channel.get(key, options)
  } finally {
    channel.close()
  }
}

interface GrpcError {
  code?: number
  details?: string
  message?: string
}

// gRPC folds connect and TLS failures into UNAVAILABLE; the detail text says which it was.
export function classifyGrpcError(error: GrpcError, sentClientCert: boolean): {error: ProbeFailureKind; message: string} {
  const details = firstLine(error.details ?? error.message)
  const text = `${error.details ?? ''} ${error.message ?? ''}`
  const is = (re: RegExp) => re.test(text)
  if (error.code === 4) return {error: 'timeout', message: 'timed out'}
  if (error.code === 7 || error.code === 16 || is(/permission denied|user name (is empty|not found)|authentication failed/i)) {
    return {error: 'denied', message: details}
  }
  if (is(/ECONNREFUSED/)) return {error: 'refused', message: 'connection refused'}
  if (is(/alert (unknown ca|bad certificate|certificate required|certificate unknown)|ALERT_(UNKNOWN_CA|BAD_CERTIFICATE|CERTIFICATE_REQUIRED)/i)) {
    return {error: 'tls-rejected', message: sentClientCert ? 'the server rejected the client certificate' : 'the server requires a client certificate'}
  }
  if (is(/Hostname\/IP does not match|ERR_TLS_CERT_ALTNAME_INVALID/)) return {error: 'tls-hostname', message: details}
  if (is(/certificate has expired|CERT_HAS_EXPIRED/)) return {error: 'tls-expired', message: details}
  if (is(/unable to verify|self[- ]signed|unable to get (local )?issuer|UNABLE_TO_/i)) return {error: 'tls-untrusted', message: details}
  if (is(/ETIMEDOUT|deadline/i)) return {error: 'timeout', message: 'timed out'}
  if (is(/ECONNRESET|Connection dropped/i)) return {error: 'reset', message: details}
  return {error: 'error', message: details}
}

// The smallest key after every key with this prefix (etcd's range_end for a prefix read).
export function prefixEnd(prefix: Buffer): Buffer {
  const end = Buffer.from(prefix)
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i] < 0xff) {
      end[i]++
      return end.subarray(0, i + 1)
    }
  }
  return Buffer.from([0]) // all 0xff: read to the end of the keyspace
}
