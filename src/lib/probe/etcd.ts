// etcd steps over (mutual) TLS — what a clustermesh-apiserver serves on 2379: /version and /health through
// etcd's HTTP endpoints here; key reads (etcdGet) over gRPC in etcd-kv.ts, where the client certificate's CN
// is the etcd user.
import {Agent, request} from 'undici'
import {classifyNetError, firstLine, type ProbeFailure, since} from './failure.js'

export interface EtcdTarget {
  url: string // https://host:port
  ca?: string // PEM the server certificate must chain to
  cert?: string // client certificate (PEM)
  key?: string // its private key (PEM)
  servername?: string // SNI and verified name, when the URL holds an IP
  timeoutMs: number
}

export type EtcdFailure = ProbeFailure & {status?: number}

export type EtcdVersionResult = {ok: true; server: string; cluster: string; ms: number} | EtcdFailure
export type EtcdHealthResult = {ok: true; healthy: boolean; reason: string; ms: number} | EtcdFailure

export interface EtcdKeyValue {
  key: string
  value: string // UTF-8 text (Cilium stores JSON and timestamps)
  createRevision: number
  modRevision: number
  version: number
}

export type EtcdRangeResult =
  | {ok: true; kvs: EtcdKeyValue[]; count: number; revision: number; clusterId: string; memberId: string; ms: number}
  | EtcdFailure

export async function etcdVersion(target: EtcdTarget): Promise<EtcdVersionResult> {
  const start = process.hrtime.bigint()
  const answer = await call(target, 'GET', '/version')
  if (!answer.ok) return {...answer, ms: since(start)}
  const body = answer.body as {etcdserver?: unknown; etcdcluster?: unknown}
  if (typeof body?.etcdserver !== 'string') return badResponse('/version', start)
  return {ok: true, server: body.etcdserver, cluster: String(body.etcdcluster ?? ''), ms: since(start)}
}

export async function etcdHealth(target: EtcdTarget): Promise<EtcdHealthResult> {
  const start = process.hrtime.bigint()
  // An unhealthy member answers 503 with the same JSON body: that is a result, not a failure of the step.
  const answer = await call(target, 'GET', '/health', undefined, [503])
  if (!answer.ok) return {...answer, ms: since(start)}
  const body = answer.body as {health?: unknown; reason?: unknown}
  if (body?.health === undefined) return badResponse('/health', start)
  return {ok: true, healthy: String(body.health) === 'true', reason: String(body.reason ?? ''), ms: since(start)}
}

type CallResult = {ok: true; status: number; body: unknown} | Omit<EtcdFailure, 'ms'>

async function call(target: EtcdTarget, method: 'GET' | 'POST', path: string, payload?: unknown, alsoOk: number[] = []): Promise<CallResult> {
  const url = new URL(path, target.url)
  const dispatcher = new Agent({
    connect: {
      ...(target.ca ? {ca: target.ca} : {}),
      ...(target.cert && target.key ? {cert: target.cert, key: target.key} : {}),
      ...(target.servername ? {servername: target.servername} : {}),
      rejectUnauthorized: true,
    },
    connectTimeout: target.timeoutMs,
  })
  try {
    const response = await request(url, {
      method,
      dispatcher,
      signal: AbortSignal.timeout(target.timeoutMs),
      headers: payload === undefined ? {} : {'content-type': 'application/json'},
      ...(payload === undefined ? {} : {body: JSON.stringify(payload)}),
    })
    const text = await response.body.text()
    let body: unknown
    try {
      body = JSON.parse(text)
    } catch {
      return {ok: false, error: 'bad-response', status: response.statusCode, message: `${path}: HTTP ${response.statusCode}, not JSON`}
    }
    if ((response.statusCode >= 200 && response.statusCode < 300) || alsoOk.includes(response.statusCode)) {
      return {ok: true, status: response.statusCode, body}
    }
    return httpFailure(path, response.statusCode, body)
  } catch (error) {
    const c = classifyNetError(error)
    const message =
      c.error !== 'tls-rejected'
        ? `${url.host}: ${c.message}`
        : target.cert && target.key
          ? `${url.host} rejected the client certificate (${c.message})`
          : `${url.host} requires a client certificate (${c.message})`
    return {ok: false, ...c, message}
  } finally {
    dispatcher.destroy().catch(() => {})
  }
}

// grpc-gateway errors: {"error": "...", "code": 7, "message": "etcdserver: permission denied"}
function httpFailure(path: string, status: number, body: unknown): Omit<EtcdFailure, 'ms'> {
  const b = body as {message?: unknown; error?: unknown; code?: unknown}
  const text = firstLine(b?.message ?? b?.error ?? `HTTP ${status}`)
  const denied = status === 401 || status === 403 || b?.code === 7 || b?.code === 16
  return {ok: false, error: denied ? 'denied' : 'http', status, message: `${path}: ${text}`}
}

function badResponse(path: string, start: bigint): EtcdFailure {
  return {ok: false, error: 'bad-response', message: `${path}: unexpected answer`, ms: since(start)}
}

export {EtcdChannel, type EtcdChannelOptions, type EtcdReadOptions, etcdGet, prefixEnd} from './etcd-kv.js'
