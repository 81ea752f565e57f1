// etcd key reads over gRPC (KV.Range), with mutual TLS. Not through the JSON gateway: with etcd auth on
// — as in every clustermesh-apiserver, whose users are client-certificate CNs — the gateway answers
// "CommonName of client sending a request against gateway will be ignored" (HTTP 400) to every key read.
import {isIP} from 'node:net'
import type {SecureContext} from 'node:tls'
import {firstLine, type ProbeFailureKind, since} from './failure.js'
import {probeTls, type TlsResumption} from './tls.js'
import type {EtcdRangeResult, EtcdTarget} from './etcd.js'

// Just the part of etcd's rpc.proto a read needs (field numbers from etcdserverpb and mvccpb).
const KV_PROTO = {
  nested: {
    etcdserverpb: {
      nested: {
        ResponseHeader: {
          fields: {cluster_id: {type: 'uint64', id: 1}, member_id: {type: 'uint64', id: 2}, revision: {type: 'int64', id: 3}, raft_term: {type: 'uint64', id: 4}},
        },
        KeyValue: {
          fields: {
            key: {type: 'bytes', id: 1},
            create_revision: {type: 'int64', id: 2},
            mod_revision: {type: 'int64', id: 3},
            version: {type: 'int64', id: 4},
            value: {type: 'bytes', id: 5},
          },
        },
        RangeRequest: {fields: {key: {type: 'bytes', id: 1}, range_end: {type: 'bytes', id: 2}, limit: {type: 'int64', id: 3}}},
        RangeResponse: {
          fields: {
            header: {type: 'ResponseHeader', id: 1},
            kvs: {rule: 'repeated', type: 'KeyValue', id: 2},
            more: {type: 'bool', id: 3},
            count: {type: 'int64', id: 4},
          },
        },
        KV: {methods: {Range: {requestType: 'RangeRequest', responseType: 'RangeResponse'}}},
      },
    },
  },
}

interface RangeResponse {
  header?: {cluster_id?: string; member_id?: string; revision?: string}
  kvs?: {key?: Buffer; value?: Buffer; create_revision?: string; mod_revision?: string; version?: string}[]
  count?: string
}

type KvClientClass = new (address: string, creds: unknown, options: object) => KvClient
type Grpc = typeof import('./grpc.js')
let loaded: Promise<{grpc: Grpc; KV: KvClientClass}> | undefined

// gRPC and the KV service definition, loaded once per process (protobufjs' fromJSON is not free).
function kvService(): Promise<{grpc: Grpc; KV: KvClientClass}> {
  loaded ??= import('./grpc.js').then((grpc) => {
    const definition = grpc.loadPackageDefinition(grpc.fromJSON(KV_PROTO as unknown as Parameters<typeof grpc.fromJSON>[0], {keepCase: true, longs: String, defaults: false}))
    return {grpc, KV: (definition.etcdserverpb as Record<string, unknown>).KV as KvClientClass}
  })
  return loaded
}

export interface EtcdChannelOptions {
  /** Parsed ca/cert/key shared by the run (ProbeSession.secureContext); the target's PEM otherwise. */
  secureContext?: SecureContext
  /** A verified TLS session to resume for the guard handshake (no second certificate exchange). */
  tlsSession?: TlsResumption
  onTlsSession?: (session: TlsResumption) => void
}

export interface EtcdReadOptions {
  prefix?: boolean
  limit?: number
  /** This read's budget; default: the target's timeoutMs. */
  timeoutMs?: number
}

/**
 * One gRPC channel to one etcd endpoint for every read of it: the first read checks the handshake on its own
 * (a guard, see below) and opens the channel; later reads reuse it. A failed read drops the channel, so the
 * next one starts over with a guard. close() ends it; reads after close() fail.
 */
export class EtcdChannel {
  private client?: KvClient
  private closed = false

  constructor(
    private readonly target: EtcdTarget,
    private readonly options: EtcdChannelOptions = {},
  ) {}

  async get(key: string, options: EtcdReadOptions = {}): Promise<EtcdRangeResult> {
    const start = process.hrtime.bigint()
    const {target} = this
    const timeoutMs = options.timeoutMs ?? target.timeoutMs
    const url = new URL(target.url)
    const host = url.hostname.replace(/^\[|\]$/g, '')
    const port = Number(url.port || 2379)
    if (this.closed) return {ok: false, error: 'error', message: `${url.host}: the channel was closed (the run ended)`, ms: since(start)}

    if (!this.client) {
      // Handshake on our own first: grpc-js never abandons a TLS handshake a silent server leaves open (the
      // process would not exit), and our TLS step names a rejected or untrusted certificate precisely.
      const handshake = await probeTls({
        host,
        port,
        servername: target.servername,
        ca: target.ca,
        cert: target.cert,
        key: target.key,
        timeoutMs,
        ...(this.options.secureContext ? {secureContext: this.options.secureContext} : {}),
        ...(this.options.tlsSession ? {session: this.options.tlsSession} : {}),
        ...(this.options.onTlsSession ? {onSession: this.options.onTlsSession} : {}),
      })
      if (!handshake.ok) return {ok: false, error: handshake.error, message: handshake.message, ...(handshake.code ? {code: handshake.code} : {}), ms: since(start)}
      const {grpc, KV} = await kvService()
      if (this.closed) return {ok: false, error: 'error', message: `${url.host}: the channel was closed (the run ended)`, ms: since(start)}
      const creds = this.options.secureContext
        ? grpc.credentials.createFromSecureContext(this.options.secureContext)
        : grpc.credentials.createSsl(target.ca ? Buffer.from(target.ca) : null, target.key ? Buffer.from(target.key) : null, target.cert ? Buffer.from(target.cert) : null)
      this.client = new KV(url.port ? url.host : `${url.host}:2379`, creds, {
        ...(target.servername ? {'grpc.ssl_target_name_override': target.servername, 'grpc.default_authority': target.servername} : {}),
        'grpc.max_reconnect_backoff_ms': Math.max(1, timeoutMs - since(start)),
        'grpc.use_local_subchannel_pool': 1,
      })
    }
    const client = this.client
    const remainingMs = Math.max(1, timeoutMs - since(start))
    const keyBytes = Buffer.from(key, 'utf8')
    const request = {
      key: keyBytes,
      ...(options.prefix ? {range_end: prefixEnd(keyBytes)} : {}),
      ...(options.limit ? {limit: String(options.limit)} : {}),
    }
    // grpc-js sends the target host as SNI even when it is an IP (Cilium endpoints often are), and Node then
    // prints a one-time DEP0123 deprecation warning to the user's terminal; keep it out of our output.
    const quiet = !target.servername && isIP(host) !== 0 && !process.noDeprecation
    if (quiet) process.noDeprecation = true
    try {
      const response = await new Promise<RangeResponse>((resolve, reject) =>
        client.Range(request, {deadline: Date.now() + remainingMs}, (error, value) => (error ? reject(error) : resolve(value as RangeResponse))),
      )
      return {
        ok: true,
        kvs: (response.kvs ?? []).map((kv) => ({
          key: (kv.key ?? Buffer.alloc(0)).toString('utf8'),
          value: (kv.value ?? Buffer.alloc(0)).toString('utf8'),
          createRevision: Number(kv.create_revision ?? 0),
          modRevision: Number(kv.mod_revision ?? 0),
          version: Number(kv.version ?? 0),
        })),
        count: Number(response.count ?? 0),
        revision: Number(response.header?.revision ?? 0),
        clusterId: String(response.header?.cluster_id ?? ''),
        memberId: String(response.header?.member_id ?? ''),
        ms: since(start),
      }
    } catch (error) {
      // Start the next read afresh (guard first): a channel that failed once may be stuck in a handshake.
      this.drop()
      const {error: kind, message} = classifyGrpcError(error as GrpcError, Boolean(target.cert && target.key))
      return {ok: false, error: kind, message: `${url.host}: ${message}`, code: `grpc:${(error as GrpcError).code}`, ms: since(start)}
    } finally {
      if (quiet) process.noDeprecation = false
    }
  }

  close(): void {
    this.closed = true
    this.drop()
  }

  private drop(): void {
    const client = this.client
    this.client = undefined
    client?.close()
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

interface KvClient {
  Range(request: object, options: {deadline: number}, callback: (error: GrpcError | null, value?: unknown) => void): void
  close(): void
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
