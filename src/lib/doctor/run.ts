// doctor: contexts → one live snapshot per context, collected concurrently (bounded), each request bounded by the
// context's request timeout → the live checks over every context that answered → report parts.
import {type RunOutput, runChecks} from '../checks/engine.js'
import {LIVE_CHECKS} from '../checks/live/index.js'
import {needsExec, type Selection} from '../checks/registry.js'
import type {Gathered} from '../cli/report-command.js'
import type {Progress} from '../cli/progress.js'
import type {ClusterClient} from '../kube/index.js'
import {execInPod} from '../kube/exec.js'
import type {MeshModel} from '../mesh/types.js'
import {collectCluster} from './collect.js'
import {mapLimit} from './pool.js'
import {notReadyReasons} from './readiness.js'
import {liveSummary} from './summary.js'
import {clusterKeys} from '../live/names.js'
import type {DoctorModel, LiveCluster} from './types.js'
import type {PodExec} from './views.js'

export interface DoctorOptions {
  namespace: string
  selection: Selection
  repo?: MeshModel
  /** How commands run in pods (default: exec through each context's API server). */
  exec?: PodExec
  /** Contexts collected at once (default 8). */
  parallelism?: number
  /** --wait: re-collect until every expected peer is connected, or this many ms have passed. */
  waitMs?: number
  /** Pause between --wait attempts (default 5 s). */
  intervalMs?: number
  onNotReady?: (reasons: string[]) => void
  progress?: Progress
  signal?: AbortSignal
  now?: () => number
}

export async function collectAll(clients: readonly ClusterClient[], options: DoctorOptions): Promise<DoctorModel> {
  const exec = options.exec ?? ((client, target) => execInPod(client, target))
  let done = 0
  const clusters = await mapLimit(clients, options.parallelism ?? 8, async (client) => {
    const c = await collectCluster(client, {
      namespace: options.namespace,
      exec,
      dnsTimeoutMs: Math.min(client.timeoutMs || 5000, 5000),
      // Exec into the agents only when a selected check declares it (or --wait needs their view).
      views: needsExec('doctor', options.selection) || options.waitMs !== undefined,
    })
    done++
    void options.progress?.update(`read ${done}/${clients.length} contexts`)
    return c
  })
  return {now: (options.now ?? Date.now)(), clusters, ...(options.repo ? {repo: options.repo} : {})}
}

export async function runDoctor(clients: readonly ClusterClient[], options: DoctorOptions): Promise<Gathered> {
  const started = Date.now()
  let model = await collectAll(clients, options)
  const notes: string[] = []
  if (options.waitMs !== undefined) {
    let attempts = 1
    let reasons = notReadyReasons(model)
    while (reasons.length > 0 && Date.now() - started < options.waitMs) {
      options.onNotReady?.(reasons)
      await sleep(Math.min(options.intervalMs ?? 5000, options.waitMs - (Date.now() - started)), options.signal)
      model = await collectAll(clients, options)
      reasons = notReadyReasons(model)
      attempts++
    }
    const took = `${((Date.now() - started) / 1000).toFixed(1)}s`
    notes.push(
      reasons.length === 0
        ? `--wait: every expected peer connected (${attempts} ${attempts === 1 ? 'attempt' : 'attempts'}, ${took})`
        : `--wait: still not ready after ${took}: ${reasons.slice(0, 5).join('; ')}${reasons.length > 5 ? ` (+${reasons.length - 5} more)` : ''}`,
    )
  }
  const {findings, results} = renameScopes(await runChecks(LIVE_CHECKS, model, options.selection), model)
  notes.push(...model.clusters.map((c) => `${c.context}: ${c.reads ? `read in ${c.ms} ms` : `not reached after ${c.ms} ms`}`))
  return {findings, results, clusters: model.clusters.map((c) => liveSummary(c, keyOf(model, c))), notes}
}

/**
 * The checks scope every cluster by its context; people know clusters by their Cilium name. Findings and results
 * are keyed by the cluster-name when the run has it once (else the context: src/lib/live/names.ts), and every
 * finding about a context carries it in `context`.
 */
export function renameScopes(out: RunOutput, model: DoctorModel): RunOutput {
  const keys = clusterKeys(model.clusters.map((c) => ({context: c.context, ...(nameOf(c) ? {name: nameOf(c)} : {})})))
  const key = (s: string | undefined) => (s === undefined ? undefined : (keys.get(s) ?? s))
  const scope = <T extends {cluster?: string; peer?: string}>(x: T): T => ({
    ...x,
    ...(x.cluster === undefined ? {} : {cluster: key(x.cluster)}),
    ...(x.peer === undefined ? {} : {peer: key(x.peer)}),
  })
  return {
    findings: out.findings.map((f) => ({...scope(f), ...(f.cluster !== undefined && keys.has(f.cluster) ? {context: f.cluster} : {})})),
    results: out.results.map(scope),
  }
}

const keyOf = (model: DoctorModel, c: LiveCluster) =>
  clusterKeys(model.clusters.map((x) => ({context: x.context, ...(nameOf(x) ? {name: nameOf(x)} : {})}))).get(c.context) ?? c.context

const nameOf = (c: LiveCluster) => (c.reads?.config.ok ? c.reads.config.value?.clusterName : undefined)

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, Math.max(0, ms))
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal!.reason)
    }
    signal?.addEventListener('abort', onAbort, {once: true})
  })
}
