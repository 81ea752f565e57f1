// An etcd endpoint of a mesh Secret entry as a Cilium agent (or KVStoreMesh) dials it. One parser for doctor,
// connect-check and dns-check, so one endpoint gets one verdict everywhere.
//
// Cilium hands the endpoints to etcd's client unchanged (pkg/kvstore/etcd.go newConfig -> clientyaml.NewConfig).
// etcd's client (client/v3/internal/endpoint.Interpret) keeps url.Host as the dial address and url.Hostname() as
// the TLS server name, and its manual gRPC resolver passes that address to the dialer as is: there is no default
// port. "https://host" dials "host" ("missing port in address"); "https://host:" (what the chart renders without
// clusters[].port) dials port 0. http:// drops TLS, which a clustermesh-apiserver never serves. All three are
// unusable, never "443" or "2379".
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
  // WHATWG URL drops the scheme's default port (":443" reads as ""), Go's url.Port() does not: look at the text.
  if (url.port === '' && !/^[^/]*\/\/[^/]*:443(\/|$)/.test(endpoint)) {
    return {ok: false, problem: `endpoint "${endpoint}" has no port (clustermesh.config.clusters[].port missing?)`}
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1')
  if (!host) return {ok: false, problem: `endpoint "${endpoint}" has no host`}
  return {ok: true, host, port: url.port === '' ? 443 : Number(url.port), isIP: net.isIP(host) !== 0}
}

/** host:port as people write it, with brackets around IPv6. */
export const hostPort = (host: string, port: number) => `${net.isIPv6(host) ? `[${host}]` : host}:${port}`

export const isIp = (host: string) => net.isIP(host) !== 0

/** Names Cilium maps through host aliases inside the pods; they are not DNS names and are never looked up. */
export const isAliasDomain = (host: string, domain = 'mesh.cilium.io') => host === domain || host.endsWith(`.${domain}`)
