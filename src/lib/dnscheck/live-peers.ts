// The ports a live cluster's agents (or KVStoreMesh) dial their peers on: the endpoints of the etcd configs in
// the mesh Secret, one entry per peer. Only host and port leave this file; the Secret's bytes are dropped here.
import {parseEndpoint} from '../connect/endpoint.js'
import {looksLikeEtcdConfig, parseEtcdConfig} from '../connect/etcd-config.js'
import type {ClusterClient, KubeObject} from '../kube/index.js'
import {type Fact, known, unknown} from '../mesh/fact.js'
import type {ResourceRef} from '../report/types.js'

// With KVStoreMesh, kvstoremesh dials the peers from cilium-kvstoremesh; otherwise the agents use cilium-clustermesh.
const MESH_SECRETS = ['cilium-kvstoremesh', 'cilium-clustermesh']

export interface LivePeerEndpoint {
  /** The Secret key: the remote cluster's name. */
  peer: string
  host: string
  port: number
}

export type LivePeers = Fact<LivePeerEndpoint[]> & {secret?: ResourceRef}

export function peerEndpoints(secret: KubeObject): LivePeerEndpoint[] {
  const data = (secret.data ?? {}) as Record<string, unknown>
  const out: LivePeerEndpoint[] = []
  for (const [peer, value] of Object.entries(data).sort(([a], [b]) => a.localeCompare(b))) {
    if (typeof value !== 'string') continue
    const text = Buffer.from(value, 'base64').toString('utf8')
    if (!looksLikeEtcdConfig(text)) continue // certificates and keys sit beside the configs
    for (const endpoint of parseEtcdConfig(text).endpoints) {
      const e = parseEndpoint(endpoint)
      if (e.ok) out.push({peer, host: e.host, port: e.port})
    }
  }
  return out
}

/** undefined when the cluster has no mesh Secret at all (it dials no peer). */
export async function readLivePeers(client: ClusterClient, namespace: string): Promise<LivePeers | undefined> {
  for (const name of MESH_SECRETS) {
    const got = await client.get({apiVersion: 'v1', kind: 'Secret', namespace, name})
    const secret = {apiVersion: 'v1', kind: 'Secret', namespace, name}
    if (got.ok) return {...known(peerEndpoints(got.value), {resource: secret}), secret}
    if (got.error.kind !== 'not-found') return unknown(`cannot read Secret ${namespace}/${name} in context ${client.context}: ${got.error.message}`)
  }
  return undefined
}
