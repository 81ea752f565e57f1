// Small assertions shared by the doctor tests.
import {strict as assert} from 'node:assert'
import type {Gathered} from '../../src/lib/cli/report-command.js'
import type {Finding} from '../../src/lib/report/types.js'

/** The required live checks (../shared/spec/checks.md). */
export const LIVE_IDS = [
  'CM301', 'CM302', 'CM303', 'CM304', 'CM305', 'CM306', 'CM307', 'CM308', 'CM309', 'CM310', 'CM311',
  'CM401', 'CM402', 'CM403', 'CM404', 'CM405', 'CM406', 'CM407', 'CM408',
]

export const ids = (g: Gathered) => [...new Set(g.findings.map((f) => f.id))].sort()

const show = (g: Gathered) => g.findings.map((f) => `${f.id} ${f.cluster ?? ''}${f.peer ? `→${f.peer}` : ''}: ${f.message}`).join('\n')

/** Exactly these check ids fired (the message lists every finding when not). */
export function fired(g: Gathered, expected: string[]): void {
  assert.deepEqual(ids(g), [...expected].sort(), show(g))
}

/** Findings and results are keyed by the Cilium cluster-name; tests may name a cluster by its context. */
const keyOf = (g: Gathered, name: string | undefined) => (name === undefined ? undefined : ((g.clusters ?? []).find((c) => c.context === name)?.name ?? name))

export function findingOf(g: Gathered, id: string, where: {cluster?: string; peer?: string} = {}): Finding {
  const cluster = keyOf(g, where.cluster)
  const peer = keyOf(g, where.peer)
  const f = g.findings.find((x) => x.id === id && (cluster === undefined || x.cluster === cluster) && (peer === undefined || x.peer === peer))
  assert.ok(f, `no ${id} finding for ${JSON.stringify(where)}:\n${show(g)}`)
  return f
}

export const statusOf = (g: Gathered, id: string, cluster: string) => g.results.filter((r) => r.id === id && r.cluster === keyOf(g, cluster)).map((r) => r.status)
