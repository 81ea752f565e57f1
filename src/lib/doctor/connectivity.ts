// Which peers each component (agents, KVStoreMesh) is expected to reach, and which it does not: the expected set
// comes from the Secrets the component reads, never from "no error" (cilium-cli#1773).
import {notReadyReason} from './agent-status.js'
import type {ComponentView, LiveCluster, MeshSecret} from './types.js'

export interface PeerGap {
  component: 'agent' | 'KVStoreMesh'
  peer: string
  /** Pods that do not report the peer ready, with why. */
  pods: {pod: string; reason: string; numFailures?: number; lastFailure?: string}[]
  /** Pods asked (that answered). */
  asked: number
}

const names = (secret: MeshSecret | undefined, self: string | undefined) =>
  (secret?.peers ?? []).map((p) => p.name).filter((n) => n !== self)

function gaps(component: PeerGap['component'], views: ComponentView[], expected: string[]): PeerGap[] {
  const answered = views.filter((v) => v.remotes.ok)
  const peers = new Set(expected)
  // A remote the component knows but that is not ready counts too, expected or not.
  for (const v of answered) if (v.remotes.ok) for (const r of v.remotes.value) if (!r.ready) peers.add(r.name)
  const out: PeerGap[] = []
  for (const peer of [...peers].sort()) {
    const pods: PeerGap['pods'] = []
    for (const v of answered) {
      if (!v.remotes.ok) continue
      const r = v.remotes.value.find((x) => x.name === peer)
      if (!r) pods.push({pod: v.pod, reason: 'does not know this peer (the mesh Secret has not reached it)'})
      else if (!r.ready)
        pods.push({
          pod: v.pod,
          reason: notReadyReason(r),
          ...(r.numFailures === undefined ? {} : {numFailures: r.numFailures}),
          ...(r.lastFailure === undefined ? {} : {lastFailure: r.lastFailure}),
        })
    }
    if (pods.length > 0) out.push({component, peer, pods, asked: answered.length})
  }
  return out
}

export function expectedPeers(c: LiveCluster): {agents: string[]; kvstoremesh: string[]} {
  const r = c.reads
  if (!r) return {agents: [], kvstoremesh: []}
  const self = r.config.ok ? r.config.value?.clusterName : undefined
  return {
    agents: r.clustermeshSecret.ok ? names(r.clustermeshSecret.value, self) : [],
    kvstoremesh: r.kvstoremeshSecret.ok ? names(r.kvstoremeshSecret.value, self) : [],
  }
}

/** Every (component, peer) some pod does not report ready. */
export function peerGaps(c: LiveCluster): PeerGap[] {
  const expected = expectedPeers(c)
  return [
    ...(c.agentViews ? gaps('agent', c.agentViews, expected.agents) : []),
    ...(c.kvstoremeshViews ? gaps('KVStoreMesh', c.kvstoremeshViews, expected.kvstoremesh) : []),
  ]
}
