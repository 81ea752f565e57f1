// One JSON request to an API server with the context's TLS and credentials (client-node prepares them),
// bounded by one deadline covering credentials, connect, answer and body.
import http from 'node:http'
import https from 'node:https'
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
