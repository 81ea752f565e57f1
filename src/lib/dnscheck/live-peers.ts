// The ports a live cluster's agents (or KVStoreMesh) dial their peers on: the endpoints of the etcd configs in
// the mesh Secret, one entry per peer. Only host and port leave this file; the Secret's bytes are dropped here.
import type {ClusterClient, KubeObject} from '../kube/index.js'
import {type Fact, known, unknown} from '../mesh/fact.js'
import type {ResourceRef} from '../report/types.js'
import {dialedEndpoints, meshEntries, objectFiles} from '../live/mesh-secret.js'

// With KVStoreMesh, kvstoremesh dials the peers from cilium-kvstoremesh; otherwise the agents use cilium-clustermesh.
const MESH_SECRETS = ['cilium-kvstoremesh', 'cilium-clustermesh']

export interface LivePeerEndpoint {
  /** The Secret key: the remote cluster's name. */
  peer: string
  host: string
  port: number
}

export type LivePeers = Fact<LivePeerEndpoint[]> & {secret?: ResourceRef}

/** The ip/host and port of every endpoint of the entries the agents can use (src/lib/live: one verdict for all). */
export function peerEndpoints(secret: KubeObject): LivePeerEndpoint[] {
  return meshEntries(objectFiles(secret)).flatMap((entry) => dialedEndpoints(entry).map((e) => ({peer: entry.name, host: e.host, port: e.port})))
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
