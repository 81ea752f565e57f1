// Pure judgements on what a peer's etcd returned: its cluster-config record and its heartbeat.
import type {ExpectedId, StepOutcome} from './types.js'

export const HEARTBEAT_STALE_MS = 2 * 60_000 // the clustermesh-apiserver writes every minute; clients give up after 2x

export function judgeClusterConfig(peer: string, value: string | undefined, expected: ExpectedId | undefined, known: readonly string[]): StepOutcome {
  const key = `cilium/cluster-config/${peer}`
  if (value === undefined) {
    const others = known.filter((k) => k !== peer)
    return {
      status: 'fail',
      message: `${key} does not exist on the peer: no remote cluster named "${peer}" writes there`,
      details: others.length ? [`clusters known from the contexts given: ${others.join(', ')}`] : undefined,
    }
  }
  let record: {id?: unknown; capabilities?: {maxConnectedClusters?: unknown; cached?: unknown}}
  try {
    record = JSON.parse(value)
  } catch {
    return {status: 'fail', message: `${key} is not JSON`}
  }
  const id = record?.id
  if (typeof id !== 'number' || !Number.isInteger(id)) return {status: 'fail', message: `${key} has no integer id`}
  if (expected && expected.id !== id) {
    return {status: 'fail', message: `${key} says id ${id}, but ${expected.from} declares id ${expected.id}`}
  }
  const max = record.capabilities?.maxConnectedClusters
  const extras = [typeof max === 'number' ? `maxConnectedClusters ${max}` : '', record.capabilities?.cached === true ? 'served by KVStoreMesh' : '']
    .filter(Boolean)
    .join(', ')
  const compared = expected ? ` (matches ${expected.from})` : ' (no declared id to compare with)'
  return {status: 'pass', message: `cluster-config id ${id}${extras ? `, ${extras}` : ''}${compared}`}
}

export function judgeHeartbeat(value: string | undefined, nowMs: number): StepOutcome {
  if (value === undefined) {
    // A clustermesh-apiserver writes its first heartbeat a minute after it starts (pkg/kvstore/heartbeat).
    return {status: 'fail', message: 'cilium/.heartbeat does not exist: the clustermesh-apiserver is not writing it (its lease expired), or it started less than a minute ago (the first heartbeat comes a minute after start)'}
  }
  // Cilium writes time.Now().Format(time.RFC3339) (pkg/kvstore/heartbeat).
  const at = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/.test(value.trim()) ? Date.parse(value.trim()) : NaN
  if (Number.isNaN(at)) return {status: 'fail', message: `cilium/.heartbeat holds "${value.slice(0, 40)}", not an RFC 3339 time`}
  const age = nowMs - at
  if (age > HEARTBEAT_STALE_MS) return {status: 'fail', message: `cilium/.heartbeat last written ${formatDuration(age)} ago (${value.trim()})`}
  if (age < -HEARTBEAT_STALE_MS) return {status: 'pass', message: `cilium/.heartbeat is ${formatDuration(-age)} in the future: the clocks differ`}
  return {status: 'pass', message: `cilium/.heartbeat written ${formatDuration(Math.max(0, age))} ago`}
}

/** 7m12s, 31s, 2h5m: what people read in a finding. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000)
  const h = Math.floor(s / 3600)
  const m = Math.floor((s % 3600) / 60)
  const rest = s % 60
  if (h) return `${h}h${m}m`
  if (m) return `${m}m${rest}s`
  return `${rest}s`
}
