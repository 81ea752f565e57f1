// What `cilium-dbg status -o json` and `kvstoremesh-dbg status -o json` print, in Cilium's own field names
// (api/v1/models: StatusResponse."cluster-mesh".clusters[] and RemoteCluster; cilium-facts.md lists the fields).
// The values follow what an agent of Cilium 1.18 prints for a connected and a failing remote cluster.

export interface RemoteState {
  name: string
  id: number
  ready?: boolean // default true
  numFailures?: number
  lastFailure?: string
  status?: string
}

const NEVER = '0001-01-01T00:00:00.000Z'

export function remoteCluster(r: RemoteState, kvstoremesh = false): Record<string, unknown> {
  const ready = r.ready ?? true
  return {
    name: r.name,
    ready,
    connected: ready,
    status: r.status ?? (ready
      ? `etcd: 1/1 connected, leases=0, lock leases=0, has-quorum=true: endpoint status checks are disabled, https://${r.name}.mesh.cilium.io:2379 - 3.5.17 (Leader); config: {"id":${r.id},"capabilities":{"syncedCanaries":true,"cached":${kvstoremesh},"maxConnectedClusters":255,"serviceExportsEnabled":null}}`
      : 'Waiting for initial connection to be established'),
    'num-nodes': ready ? 2 : 0,
    'num-endpoints': ready ? 14 : 0,
    'num-shared-services': ready ? 3 : 0,
    'num-identities': ready ? 21 : 0,
    'num-failures': r.numFailures ?? 0,
    'last-failure': r.lastFailure ?? NEVER,
    config: {required: true, retrieved: ready, 'cluster-id': r.id, kvstoremesh, 'sync-canaries': true, 'service-exports-enabled': false},
    synced: {nodes: ready, endpoints: ready, identities: ready, services: ready, 'service-exports': null},
  }
}

/** An agent's StatusResponse: the mesh section plus a few of the other sections a real one has. */
export function agentStatus(remotes: RemoteState[], kvstoremesh = false): string {
  return JSON.stringify({
    cilium: {state: 'Ok', msg: 'Ok'},
    kvstore: {state: 'Disabled'},
    kubernetes: {state: 'Ok', msg: '1.34 (v1.34.4) [linux/amd64]'},
    'cluster-mesh': {clusters: remotes.map((r) => remoteCluster(r, kvstoremesh)), 'num-global-services': 3},
    'client-id': 1,
  })
}

/** kvstoremesh-dbg status -o json: the list of remote clusters KVStoreMesh caches. */
export const kvstoremeshStatus = (remotes: RemoteState[]) => JSON.stringify(remotes.map((r) => remoteCluster(r)))
