// An etcd endpoint URL as the agent dials it: https://host:port, the host also being the TLS server name.
import net from 'node:net'

export type ParsedEndpoint = {ok: true; host: string; port: number; isIP: boolean} | {ok: false; problem: string}

export function parseEndpoint(endpoint: string): ParsedEndpoint {
  let url: URL
  try {
    url = new URL(endpoint)
  } catch {
    return {ok: false, problem: `endpoint "${endpoint}" is not a URL`}
  }
  if (url.protocol !== 'https:') return {ok: false, problem: `endpoint "${endpoint}" is not https: a clustermesh-apiserver only serves TLS`}
  // The chart renders "https://host:" when clusters[].port is missing (CM215); Go then fails to dial.
  if (url.port === '') {
    const explicit443 = /:443(\/|$)/.test(endpoint)
    if (!explicit443) return {ok: false, problem: `endpoint "${endpoint}" has no port (clustermesh.config.clusters[].port missing?)`}
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  return {ok: true, host, port: url.port === '' ? 443 : Number(url.port), isIP: net.isIP(host) !== 0}
}

/** host:port as people write it, with brackets around IPv6. */
export const hostPort = (host: string, port: number) => `${net.isIPv6(host) ? `[${host}]` : host}:${port}`
