// The agents' own view of their remote clusters: `cilium-dbg status -o json` (a StatusResponse, remote clusters under
// ."cluster-mesh".clusters) and `clustermesh-apiserver kvstoremesh-dbg status -o json` (a plain list of them).
// Field names are Cilium's models.RemoteCluster (api/v1/models/remote_cluster.go).

import type {RemoteClusterStatus} from './types.js'

export const AGENT_STATUS_COMMAND = ['cilium-dbg', 'status', '-o', 'json']
export const KVSTOREMESH_STATUS_COMMAND = ['clustermesh-apiserver', 'kvstoremesh-dbg', 'status', '-o', 'json']

type Rec = Record<string, unknown>
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {})

export type ParsedStatus = {ok: true; remotes: RemoteClusterStatus[]} | {ok: false; reason: string}

function remote(v: unknown): RemoteClusterStatus | undefined {
  const r = rec(v)
  if (typeof r.name !== 'string') return undefined
  const config = rec(r.config)
  return {
    name: r.name,
    ready: r.ready === true,
    connected: r.connected === true,
    ...(typeof r.status === 'string' ? {status: r.status} : {}),
    ...(typeof r['num-failures'] === 'number' ? {numFailures: r['num-failures']} : {}),
    ...(typeof r['last-failure'] === 'string' ? {lastFailure: r['last-failure']} : {}),
    ...(r.config === undefined
      ? {}
      : {
          config: {
            ...(typeof config.required === 'boolean' ? {required: config.required} : {}),
            ...(typeof config.retrieved === 'boolean' ? {retrieved: config.retrieved} : {}),
            ...(typeof config['cluster-id'] === 'number' ? {clusterId: config['cluster-id']} : {}),
          },
        }),
  }
}

function parseJson(stdout: string): {ok: true; doc: unknown} | {ok: false; reason: string} {
  try {
    return {ok: true, doc: JSON.parse(stdout)}
  } catch {
    return {ok: false, reason: `the output is not JSON (${stdout.trim().slice(0, 80) || 'empty'})`}
  }
}

export function parseAgentStatus(stdout: string): ParsedStatus {
  const json = parseJson(stdout)
  if (!json.ok) return json
  const mesh = rec(json.doc)['cluster-mesh']
  // An agent with ClusterMesh off (no config, or cluster id 0) has no cluster-mesh section at all.
  if (mesh === undefined) return {ok: true, remotes: []}
  const clusters = rec(mesh).clusters
  return {ok: true, remotes: (Array.isArray(clusters) ? clusters : []).flatMap((c) => remote(c) ?? [])}
}

export function parseKvstoremeshStatus(stdout: string): ParsedStatus {
  const json = parseJson(stdout)
  if (!json.ok) return json
  if (!Array.isArray(json.doc)) return {ok: false, reason: 'the output is not a list of remote clusters'}
  return {ok: true, remotes: json.doc.flatMap((c) => remote(c) ?? [])}
}

/** Why a remote is not ready, in cilium-cli's order (remoteClusterStatusToError). */
export function notReadyReason(r: RemoteClusterStatus): string {
  if (!r.connected) return r.status ? `not connected: ${r.status}` : 'not connected'
  if (r.config?.required && !r.config.retrieved) return 'connected, but its cluster configuration was not retrieved'
  return r.status ? `not ready: ${r.status}` : 'not ready'
}
