// One JSON request to an API server with the context's TLS and credentials (client-node prepares them),
// bounded by one deadline covering credentials, connect, answer and body.
import http from 'node:http'
import http2 from 'node:http2'
import https from 'node:https'
import {isIP} from 'node:net'
import tls from 'node:tls'
import {raceSignal} from '../abort.js'
import type {KubeConfig} from './client.js'

export interface HttpAnswer {
  status: number
  body: unknown
}

export class CredentialsError extends Error {}

// One keep-alive agent per context: doctor makes dozens of reads per cluster, and a TLS handshake per read
// cost more CPU than everything else together. Idle sockets are unref'd by the agent, so they never hold the
// process open.
const agents = new WeakMap<KubeConfig, {http: http.Agent; https: https.Agent}>()
function agentsFor(kc: KubeConfig) {
  let a = agents.get(kc)
  if (!a) {
    a = {http: new http.Agent({keepAlive: true, maxSockets: 8}), https: new https.Agent({keepAlive: true, maxSockets: 8})}
    agents.set(kc, a)
  }
  return a
}

/** API servers answer 429 while storage (re)initialises (right after CRDs are created): one retry, within the deadline. */
const RETRY_429_MAX_MS = 1000

export async function requestJson(
  kc: KubeConfig,
  method: 'GET' | 'POST' | 'DELETE',
  apiPath: string,
  {body, timeoutMs}: {body?: unknown; timeoutMs: number},
): Promise<HttpAnswer> {
  // kubectl's --request-timeout=0 means no timeout
  const signal = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined
  const first = await requestOnce(kc, method, apiPath, body, signal)
  if (first.status !== 429) return first
  const retryAfter = Number(first.retryAfter)
  const waitMs = Math.min(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 200, RETRY_429_MAX_MS)
  await raceSignal(new Promise((r) => setTimeout(r, waitMs)), signal)
  return requestOnce(kc, method, apiPath, body, signal)
}

async function requestOnce(
  kc: KubeConfig,
  method: 'GET' | 'POST' | 'DELETE',
  apiPath: string,
  body: unknown,
  signal: AbortSignal | undefined,
): Promise<HttpAnswer & {retryAfter?: string}> {
  const options: https.RequestOptions = {method, headers: {Accept: 'application/json'}}
  try {
    await raceSignal(kc.applyToHTTPSOptions(options), signal)
  } catch (error) {
    if ((error as Error).name === 'TimeoutError') throw error
    throw new CredentialsError((error as Error).message)
  }
  const server = kc.getCurrentCluster()!.server.replace(/\/+$/, '')
  const url = new URL(server + apiPath)
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
  if (payload) options.headers = {...options.headers, 'Content-Type': 'application/json', 'Content-Length': payload.length}

  const plain = url.protocol === 'http:'
  if (!plain && !kc.getCurrentCluster()?.proxyUrl) {
    const session = await h2SessionFor(kc, url, options, signal)
    if (session) return requestH2(session, method, url, options, payload, signal)
  }
  const send = plain ? http.request : https.request
  const agent = plain ? agentsFor(kc).http : agentsFor(kc).https
  return new Promise<HttpAnswer & {retryAfter?: string}>((resolve, reject) => {
    const req = send(url, {...options, agent, ...(signal ? {signal} : {})}, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('error', reject)
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8')
        let parsed: unknown = text
        try {
          parsed = text === '' ? undefined : JSON.parse(text)
        } catch {
          // not JSON (a proxy's HTML page, say): keep the text
        }
        const retryAfter = res.headers['retry-after']
        resolve({status: res.statusCode ?? 0, body: parsed, ...(retryAfter ? {retryAfter: String(retryAfter)} : {})})
      })
    })
    req.on('error', reject)
    req.end(payload)
  })
}

// HTTP/2 where the server offers it (kube-apiserver does): one connection per context, every read of the
// context a stream on it, so concurrent reads cost no handshake each. The context's own TLS material and
// verification (rejectUnauthorized as the kubeconfig says, the name checked by Node); a server that does not
// pick h2 by ALPN is remembered and served by the keep-alive agent above. An idle session is unref'd, so it
// never holds the process open.
interface H2State {
  session?: Promise<http2.ClientHttp2Session | undefined> // resolves undefined when the server picked HTTP/1.1
}
const h2States = new WeakMap<KubeConfig, H2State>()

async function h2SessionFor(kc: KubeConfig, url: URL, options: https.RequestOptions, signal: AbortSignal | undefined): Promise<http2.ClientHttp2Session | undefined> {
  let state = h2States.get(kc)
  if (!state) h2States.set(kc, (state = {}))
  if (state.session) {
    const current = await raceSignal(state.session, signal)
    if (!current) return undefined // the server speaks HTTP/1.1 only
    if (!current.closed && !current.destroyed) return current
  }
  const s = state
  const pending: Promise<http2.ClientHttp2Session | undefined> = connectH2(url, options, signal).then(
    (session) => {
      session?.once('close', () => {
        if (s.session === pending) s.session = undefined
      })
      return session
    },
    (error) => {
      if (s.session === pending) s.session = undefined // a failed connection may succeed later
      throw error
    },
  )
  state.session = pending
  return raceSignal(pending, signal)
}

function connectH2(url: URL, options: https.RequestOptions, signal: AbortSignal | undefined): Promise<http2.ClientHttp2Session | undefined> {
  const host = url.hostname.replace(/^\[|\]$/g, '')
  const servername = options.servername ?? (isIP(host) ? undefined : host)
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host,
      port: Number(url.port || 443),
      ...(servername ? {servername} : {}),
      ...(options.ca ? {ca: options.ca} : {}),
      ...(options.cert ? {cert: options.cert} : {}),
      ...(options.key ? {key: options.key} : {}),
      ...(options.pfx ? {pfx: options.pfx} : {}),
      ...(options.passphrase ? {passphrase: options.passphrase} : {}),
      ...(options.rejectUnauthorized === undefined ? {} : {rejectUnauthorized: options.rejectUnauthorized}),
      ALPNProtocols: ['h2', 'http/1.1'],
    })
    // The first request's deadline bounds the connection too; nothing waits on a silent server.
    const abort = () => {
      socket.destroy()
      reject(signal!.reason)
    }
    signal?.addEventListener('abort', abort, {once: true})
    const done = () => signal?.removeEventListener('abort', abort)
    socket.once('error', (error) => {
      done()
      reject(error)
    })
    socket.once('secureConnect', () => {
      done()
      if (socket.alpnProtocol !== 'h2') {
        socket.destroy()
        return resolve(undefined)
      }
      const session = http2.connect(url.origin, {createConnection: () => socket})
      session.on('error', () => {}) // reaches the streams in flight; the next request reconnects
      session.unref()
      resolve(session)
    })
  })
}

const HOP_BY_HOP = new Set(['connection', 'host', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade'])

function requestH2(
  session: http2.ClientHttp2Session,
  method: string,
  url: URL,
  options: https.RequestOptions,
  payload: Buffer | undefined,
  signal: AbortSignal | undefined,
): Promise<HttpAnswer & {retryAfter?: string}> {
  const headers: http2.OutgoingHttpHeaders = {':method': method, ':path': url.pathname + url.search}
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value !== undefined && !HOP_BY_HOP.has(name.toLowerCase())) headers[name.toLowerCase()] = value as string
  }
  if (options.auth) headers.authorization = `Basic ${Buffer.from(options.auth).toString('base64')}`
  return new Promise((resolve, reject) => {
    const stream = session.request(headers, signal ? {signal} : {})
    hold(session)
    let released = false
    const release = () => {
      if (!released) unhold(session)
      released = true
    }
    stream.once('close', release)
    let status = 0
    let retryAfter: string | undefined
    const chunks: Buffer[] = []
    stream.on('response', (h) => {
      status = Number(h[':status'] ?? 0)
      if (h['retry-after'] !== undefined) retryAfter = String(h['retry-after'])
    })
    stream.on('data', (c: Buffer) => chunks.push(c))
    stream.on('error', (error) => {
      release()
      reject(error)
    })
    stream.on('end', () => {
      release()
      const text = Buffer.concat(chunks).toString('utf8')
      let parsed: unknown = text
      try {
        parsed = text === '' ? undefined : JSON.parse(text)
      } catch {
        // not JSON: keep the text
      }
      resolve({status, body: parsed, ...(retryAfter ? {retryAfter} : {})})
    })
    stream.end(payload)
  })
}

// Streams in flight keep the process alive; an idle session does not.
const inFlight = new WeakMap<http2.ClientHttp2Session, number>()
function hold(session: http2.ClientHttp2Session): void {
  inFlight.set(session, (inFlight.get(session) ?? 0) + 1)
  session.ref()
}
function unhold(session: http2.ClientHttp2Session): void {
  const n = (inFlight.get(session) ?? 1) - 1
  inFlight.set(session, n)
  if (n <= 0 && !session.destroyed) session.unref()
}
