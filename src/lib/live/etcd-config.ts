// One etcd client config as Cilium reads it (a key of the mesh Secret, a file of /var/lib/cilium/clustermesh/):
// endpoints, the three TLS files, and Cilium's cilium-host-aliases extension. Pure: text in, facts out.
import {parse} from 'yaml'

export interface EtcdConfigFile {
  endpoints: string[]
  trustedCaFile?: string
  certFile?: string
  keyFile?: string
  hostAliases: Map<string, string[]>
  insecureSkipTlsVerify: boolean
  /** Why the agent cannot use this config; empty when it can (endpoint problems are judged per entry). */
  problems: string[]
  /** Set when the text is no etcd config at all (invalid YAML, not a mapping, no endpoints): the short reason. */
  unreadable?: string
}

// "- https://host:" (the chart without clusters[].port) is YAML for a one-key mapping {https://host: null}; Go's
// yaml refuses it as a string. Give the text back, so that the endpoint verdict names the missing port.
const endpointText = (v: unknown): string => {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const keys = Object.keys(v)
    if (keys.length === 1 && (v as Record<string, unknown>)[keys[0]] === null) return `${keys[0]}:`
  }
  return typeof v === 'string' ? v : JSON.stringify(v)
}

const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined)

export function parseEtcdConfig(source: string): EtcdConfigFile {
  const out: EtcdConfigFile = {endpoints: [], hostAliases: new Map(), insecureSkipTlsVerify: false, problems: []}
  let doc: unknown
  try {
    doc = parse(source)
  } catch (error) {
    out.problems.push(`not valid YAML: ${(error as Error).message.split('\n')[0]}`)
    out.unreadable = 'not valid YAML'
    return out
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    out.problems.push('not a YAML mapping')
    out.unreadable = 'not a YAML mapping'
    return out
  }
  const d = doc as Record<string, unknown>
  const endpoints = d.endpoints
  if (Array.isArray(endpoints)) out.endpoints = endpoints.map(endpointText).filter((e) => e.trim() !== '')
  else if (typeof endpoints === 'string' && endpoints.trim() !== '') out.endpoints = [endpoints.trim()]
  if (out.endpoints.length === 0) {
    out.problems.push('no endpoints')
    out.unreadable = 'no endpoints list'
  }
  // "ca-file" is the older spelling Cilium's etcd configs also accepted (pkg/kvstore/etcd.go newConfig).
  out.trustedCaFile = text(d['trusted-ca-file']) ?? text(d['ca-file'])
  out.certFile = text(d['cert-file'])
  out.keyFile = text(d['key-file'])
  if (Boolean(out.certFile) !== Boolean(out.keyFile)) out.problems.push('cert-file and key-file must be given together')
  out.insecureSkipTlsVerify = d['insecure-skip-tls-verify'] === true
  readHostAliases(d['cilium-host-aliases'], out)
  return out
}

// Cilium (pkg/clustermesh/common/config.go ParseCiliumConfig): a list of {hostname, ips}; an entry without hostname
// or ips, or a hostname twice, fails the whole config. Some chart versions rendered a map hostname -> {ips}.
function readHostAliases(value: unknown, out: EtcdConfigFile): void {
  if (value === undefined || value === null) return
  const entries: [unknown, unknown][] = Array.isArray(value)
    ? value.map((e) => [(e as Record<string, unknown>)?.hostname, (e as Record<string, unknown>)?.ips])
    : typeof value === 'object'
      ? Object.entries(value as Record<string, unknown>).map(([name, e]) => [name, (e as Record<string, unknown>)?.ips])
      : []
  for (const [hostname, ips] of entries) {
    const name = text(hostname)
    const list = Array.isArray(ips) ? ips.map(String).filter(Boolean) : []
    if (!name || list.length === 0) {
      out.problems.push('cilium-host-aliases: an entry without hostname or ips')
      continue
    }
    if (out.hostAliases.has(name)) out.problems.push(`cilium-host-aliases: ${name} is listed twice`)
    out.hostAliases.set(name, list)
  }
}

/** Files the agent treats as peer configs: any file whose text contains "endpoints:" (pkg/clustermesh/common). */
export const looksLikeEtcdConfig = (content: Buffer | string) => content.toString('utf8').includes('endpoints:')
