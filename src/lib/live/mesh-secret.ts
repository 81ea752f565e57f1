// The entries of a mesh Secret (cilium-clustermesh, cilium-kvstoremesh) or of an agent-style directory: every key
// whose text holds "endpoints:" is the etcd config of the remote cluster the key names (pkg/clustermesh/common
// isEtcdConfigFile). One reading and one verdict per entry for doctor, connect-check and dns-check.
// Only names, endpoints, host aliases and the TLS file names leave this module; never a value.
import type {KubeObject} from '../kube/index.js'
import {type EtcdConfigFile, looksLikeEtcdConfig, parseEtcdConfig} from './etcd-config.js'
import {parseEndpoint, type ParsedEndpoint} from './endpoint.js'

export type Files = ReadonlyMap<string, Buffer>

export interface MeshEntry {
  /** The key (file name): the remote cluster's name. */
  name: string
  config: EtcdConfigFile
  endpoints: {url: string; parsed: ParsedEndpoint}[]
  /** Everything that keeps the agent from using the entry: config problems, then endpoint problems. */
  problems: string[]
}

/** A Secret's keys decoded (data is base64); a ConfigMap's data is text and its binaryData base64. */
export function objectFiles(object: KubeObject, kind: 'Secret' | 'ConfigMap' = 'Secret'): Map<string, Buffer> {
  const out = new Map<string, Buffer>()
  const o = object as KubeObject & {data?: Record<string, unknown>; binaryData?: Record<string, unknown>}
  for (const [k, v] of Object.entries(o.data ?? {})) if (typeof v === 'string') out.set(k, kind === 'Secret' ? Buffer.from(v, 'base64') : Buffer.from(v, 'utf8'))
  for (const [k, v] of Object.entries(o.binaryData ?? {})) if (typeof v === 'string') out.set(k, Buffer.from(v, 'base64'))
  return out
}

export function meshEntry(name: string, text: string): MeshEntry {
  const config = parseEtcdConfig(text)
  const endpoints = config.endpoints.map((url) => ({url, parsed: parseEndpoint(url)}))
  const problems = [...config.problems, ...endpoints.flatMap((e) => (e.parsed.ok ? [] : [e.parsed.problem]))]
  return {name, config, endpoints, problems}
}

/** Every peer config among the files, sorted by name. */
export function meshEntries(files: Files): MeshEntry[] {
  return [...files]
    .filter(([, content]) => looksLikeEtcdConfig(content))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, content]) => meshEntry(name, content.toString('utf8')))
}

/** The verdict on one entry, the same words in every command: undefined when the agent can use it. */
export function entryVerdict(name: string, problems: readonly string[]): string | undefined {
  return problems.length === 0 ? undefined : `the configuration for ${name} cannot be used: ${problems.join('; ')}`
}

/** Where a usable entry dials: host and port of each endpoint; none when the entry cannot be used. */
export function dialedEndpoints(entry: MeshEntry): {url: string; host: string; port: number; isIP: boolean}[] {
  if (entry.problems.length > 0) return []
  return entry.endpoints.flatMap((e) => (e.parsed.ok ? [{url: e.url, host: e.parsed.host, port: e.parsed.port, isIP: e.parsed.isIP}] : []))
}
