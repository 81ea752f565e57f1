// --wait: healthy means every cluster was read and every expected peer is reported ready by every agent and
// KVStoreMesh replica. Expected = the peers the cluster's own Secrets name, plus every cluster of the run that lists
// it (a Secret that has not been synced yet must not look like "nothing to wait for"; cilium-cli#1773).
import {expectedPeers, peerGaps} from './connectivity.js'
import {remoteSecret} from './endpoints.js'
import type {DoctorModel, LiveCluster} from './types.js'

const nameOf = (c: LiveCluster) => (c.reads?.config.ok ? c.reads.config.value?.clusterName : undefined)

export function notReadyReasons(model: DoctorModel): string[] {
  const reasons: string[] = []
  for (const c of model.clusters) {
    if (!c.reads) {
      reasons.push(`${c.context}: not reached (${c.reach.ok ? 'no reads' : c.reach.error.message})`)
      continue
    }
    const r = c.reads
    if (r.agents.ok && r.agents.value && r.agents.value.ready < r.agents.value.desired)
      reasons.push(`${c.context}: ${r.agents.value.ready}/${r.agents.value.desired} agents ready`)
    if (!c.agentViews || c.agentViews.length === 0) reasons.push(`${c.context}: no ready agent to ask`)
    const silent = [...(c.agentViews ?? []), ...(c.kvstoremeshViews ?? [])].filter((v) => !v.remotes.ok)
    if (silent.length > 0) reasons.push(`${c.context}: ${silent.length} pods did not report their status`)
    for (const gap of peerGaps(c))
      reasons.push(`${c.context}: ${gap.pods.length}/${gap.asked} ${gap.component === 'agent' ? 'agents' : 'KVStoreMesh replicas'} not connected to ${gap.peer}`)
    const self = nameOf(c)
    const mine = new Set(expectedPeers(c).agents)
    for (const other of model.clusters) {
      const otherName = nameOf(other)
      if (other === c || !other.reads || !self || !otherName) continue
      const theirs = remoteSecret(other.reads)
      if (theirs.ok && theirs.value?.peers.some((p) => p.name === self) && !mine.has(otherName))
        reasons.push(`${c.context}: no entry yet for ${otherName}, which lists ${self}`)
    }
  }
  if (model.clusters.every((c) => expectedPeers(c).agents.length === 0)) reasons.push('no cluster lists a peer in cilium-clustermesh')
  return reasons
}
