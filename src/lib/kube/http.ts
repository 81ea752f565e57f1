// One JSON request to an API server with the context's TLS and credentials (client-node prepares them),
// bounded by one deadline covering credentials, connect, answer and body.
import http from 'node:http'
import https from 'node:https'
import type {KubeConfig} from './client.js'

export interface HttpAnswer {
  status: number
  body: unknown
}

export class CredentialsError extends Error {}

export async function requestJson(
  kc: KubeConfig,
  method: 'GET' | 'POST' | 'DELETE',
  apiPath: string,
  {body, timeoutMs}: {body?: unknown; timeoutMs: number},
): Promise<HttpAnswer> {
  // kubectl's --request-timeout=0 means no timeout
  const signal = timeoutMs > 0 ? AbortSignal.timeout(timeoutMs) : undefined
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

  const send = url.protocol === 'http:' ? http.request : https.request
  return new Promise<HttpAnswer>((resolve, reject) => {
    const req = send(url, {...options, ...(signal ? {signal} : {})}, (res) => {
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
        resolve({status: res.statusCode ?? 0, body: parsed})
      })
    })
    req.on('error', reject)
    req.end(payload)
  })
}

function raceSignal<T>(promise: Promise<T>, signal?: AbortSignal): Promise<T> {
  if (!signal) return promise
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    if (signal.aborted) return onAbort()
    signal.addEventListener('abort', onAbort, {once: true})
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}
