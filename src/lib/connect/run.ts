// connect-check: sources (live contexts or an agent-style directory) -> probe every peer -> checks -> report parts.
import {runChecks} from '../checks/engine.js'
import {CONNECT_CHECKS} from '../checks/connect/index.js'
import type {Selection} from '../checks/registry.js'
import type {Gathered} from '../cli/report-command.js'
import type {Progress} from '../cli/progress.js'
import type {ClusterClient} from '../kube/index.js'
import {withContexts} from '../live/names.js'
import {readConfigDir} from './config-dir.js'
import {readLiveSource} from './live-source.js'
import {renderMatrix} from './matrix.js'
import {peerConfigs} from './peer-configs.js'
import {probePeers} from './probe-peers.js'
import {clusterSummaries} from './summary.js'
import type {ConnectModel, ExpectedId, Source} from './types.js'

export interface ConnectOptions {
  selection: Selection
  resolve: ReadonlyMap<string, string[]>
  resolver?: string
  stepTimeoutMs: number
  /** --timeout as an epoch-ms deadline, so no step outlives the run. */
  deadline?: number
  /** Only these peers (--peer). */
  peers?: readonly string[]
  unicode: boolean
  signal?: AbortSignal
  progress?: Progress
  now?: () => number
  concurrency?: number
}

export async function connectCheckOffline(dir: string, clusterName: string | undefined, options: ConnectOptions): Promise<Gathered> {
  const {files, skipped} = readConfigDir(dir)
  const {peers, skippedSelf} = peerConfigs(files, {...(clusterName ? {localName: clusterName} : {}), ...(options.peers ? {only: options.peers} : {})})
  const source: Source = {
    name: clusterName ?? 'local',
    mode: 'offline',
    configFrom: `directory ${dir}`,
    peers,
    ...(skippedSelf ? {skippedSelf} : {}),
    problems: peers.length ? [] : [{id: 'CM308', message: `no peer configuration (a file containing "endpoints:") in ${dir}${skippedSelf ? ` besides the cluster's own ${skippedSelf}` : ''}`}],
  }
  const extra = skipped.map((s) => `not read from ${dir}: ${s}`)
  return finish([source], new Map(), options, extra)
}

export async function connectCheckLive(clients: readonly ClusterClient[], namespace: string, options: ConnectOptions): Promise<Gathered> {
  await options.progress?.update(`reading the mesh configuration of ${clients.map((c) => c.context).join(', ')}`)
  const sources = await Promise.all(clients.map((c) => readLiveSource(c, {namespace, ...(options.peers ? {only: options.peers} : {})})))
  // Two contexts of one cluster (or two clusters both named "default") would mix; keep the later ones apart.
  const seen = new Set<string>()
  for (const s of sources) {
    if (seen.has(s.name) && s.context) s.name = `${s.name}@${s.context}`
    seen.add(s.name)
  }
  const expected = new Map<string, ExpectedId>()
  for (const s of sources) if (s.id !== undefined && !expected.has(s.name)) expected.set(s.name, {id: s.id, from: `context ${s.context} (cilium-config cluster-id)`})
  return finish(sources, expected, options, [])
}

async function finish(sources: Source[], expectedIds: Map<string, ExpectedId>, options: ConnectOptions, extraNotes: string[]): Promise<Gathered> {
  const results = await probePeers(sources, {
    resolve: options.resolve,
    ...(options.resolver ? {resolver: options.resolver} : {}),
    stepTimeoutMs: options.stepTimeoutMs,
    ...(options.deadline === undefined ? {} : {deadline: options.deadline}),
    expectedIds,
    ...(options.signal ? {signal: options.signal} : {}),
    ...(options.now ? {now: options.now} : {}),
    ...(options.concurrency ? {concurrency: options.concurrency} : {}),
    onProgress: (done, total) => void options.progress?.update(`probed ${done}/${total} endpoints`),
  })
  const model: ConnectModel = {sources, results, expectedIds}
  // CM301 is about reading contexts: an offline run has none to read.
  const checks = sources.some((s) => s.mode === 'live') ? CONNECT_CHECKS : CONNECT_CHECKS.filter((c) => c.id !== 'CM301')
  const checked = await runChecks(checks, model, options.selection)
  // Sources are named by their Cilium cluster-name; findings also carry the context they were read through.
  const findings = withContexts(checked.findings, new Map(sources.flatMap((s) => (s.context ? [[s.name, s.context] as const] : []))))
  const checkResults = checked.results
  const notes = [
    ...renderMatrix(model, {unicode: options.unicode}),
    ...sources.map((s) => `${s.name}: peers from ${s.configFrom}${s.skippedSelf ? `; its own entry ${s.skippedSelf} skipped, as the agent does` : ''}`),
    'probed from this machine: the agents connect from their nodes, where DNS and firewalls may differ',
    ...extraNotes,
  ]
  return {findings, results: checkResults, clusters: clusterSummaries(model), notes}
}

