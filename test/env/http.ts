// The harness's own small HTTP(S) client (independent of the project's code under test).
import http from 'node:http'
import https from 'node:https'

export interface TlsIdentity {
  ca?: string
  cert?: string
  key?: string
}

export function requestJson(
  url: string,
  {method = 'GET', body, tls = {}, timeoutMs = 5000}: {method?: string; body?: unknown; tls?: TlsIdentity; timeoutMs?: number} = {},
): Promise<{status: number; body: unknown}> {
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body))
  const send = url.startsWith('https:') ? https.request : http.request
  return new Promise((resolve, reject) => {
    const req = send(
      url,
      {
        method,
        ...tls,
        agent: false,
        signal: AbortSignal.timeout(timeoutMs),
        headers: {accept: 'application/json', ...(payload ? {'content-type': 'application/json'} : {})},
      },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          let parsed: unknown = text
          try {
            parsed = JSON.parse(text)
          } catch {
            // plain text (/readyz answers "ok")
          }
          resolve({status: res.statusCode ?? 0, body: parsed})
        })
        res.on('error', reject)
      },
    )
    req.on('error', reject)
    req.end(payload)
  })
}
