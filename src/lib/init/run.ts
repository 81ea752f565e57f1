// `kubectl mesh init` without --check: answers (flags, suggestions, prompts) → plan → diff → confirmation →
// atomic write → lint of the result → what is left to do outside the repository.
import {UsageError, ExitWith} from '../cli/errors.js'
import type {Selection} from '../checks/registry.js'
import {loadRepository, type LoadedRepository} from '../lint/load.js'
import {lintRepository} from '../lint/run.js'
import {buildReport, EXIT, exitCode} from '../report/build.js'
import {renderShort} from '../report/render/short.js'
import {painter, type Style} from '../report/style.js'
import type {Report} from '../report/types.js'
import {applyChanges, InterruptedError} from './apply.js'
import {type Given, resolveAnswers} from './answers.js'
import {planDiff} from './diff.js'
import {openLive} from './live.js'
import {existingClusters, planInit} from './planner.js'
import {followUpText, planHeader, reviewText} from './summary.js'
import type {Answers, Plan} from './types.js'
import {meshOf} from './validate.js'

export interface InitRun {
  repo: string
  given: Given
  yes: boolean
  dryRun: boolean
  /** stdin and stdout are terminals: questions may be asked. */
  interactive: boolean
  kube: {context?: string; kubeconfig?: string; namespace: string; requestTimeoutMs: number}
  signal: AbortSignal
  style: Style
  selection: Selection
  out(text: string): void
  version: string
  /** Waits this long before each write (tests call runInit with it to interrupt the write phase; no flag sets it). */
  pauseMs?: number
}

const NO_TTY = 'stdin is not a terminal: init cannot ask, so it writes only with --yes; --dry-run shows the plan'

async function answersFor(r: InitRun, loaded: LoadedRepository): Promise<{answers: Answers; context?: string}> {
  const mesh = meshOf(existingClusters(loaded, r.given.name))
  const live = r.kube.context ? await openLive(r.kube, r.kube.context) : undefined
  // --yes --dry-run is the scripted preview: the answers come from the flags and the suggestions, nothing is asked.
  if (r.interactive && !(r.yes && r.dryRun)) {
    const {promptAnswers} = await import('./prompts.js')
    const contexts = live ? [] : await contextsOf(r)
    return promptAnswers({mesh, given: r.given, signal: r.signal, contexts, readLive: (ctx) => openLive(r.kube, ctx, {soft: true})}, live)
  }
  const resolved = resolveAnswers(r.given, mesh, live)
  const missing = [...resolved.missing, ...(r.yes || r.dryRun ? [] : ['--yes'])]
  if (resolved.problems.length || missing.length) {
    const why = missing.includes('--yes') ? ` (${NO_TTY})` : ''
    const lines = [...resolved.problems, ...(missing.length ? [`missing: ${missing.join(', ')}${why}`] : [])]
    throw new UsageError(`nothing written: ${lines.join('; ')}`)
  }
  return {answers: resolved.answers!, ...(r.kube.context ? {context: r.kube.context} : {})}
}

async function contextsOf(r: InitRun): Promise<string[]> {
  const {loadKubeconfig} = await import('../kube/index.js')
  try {
    return loadKubeconfig(r.kube.kubeconfig ? {kubeconfig: r.kube.kubeconfig} : {}).contexts.map((c) => c.name)
  } catch {
    return []
  }
}

function refuseExisting(plan: Plan, loaded: LoadedRepository): void {
  const there = loaded.model.clusters.find((c) => !existingClusters(loaded, plan.answers.name).includes(c))
  if (!there) return
  throw new UsageError(
    `cluster ${plan.answers.name} already exists (${there.entry}) and differs from what init would write (${plan.changes.map((c) => c.path).join(', ')}); init does not change an existing cluster`,
  )
}

async function lintSummary(r: InitRun): Promise<Report> {
  const gathered = await lintRepository(r.repo, {selection: r.selection, signal: r.signal})
  const report = buildReport({...gathered, command: 'lint', version: r.version}, {failOn: 'error', minSeverity: 'info'})
  r.out(`\nlint of the result: ${renderShort(report)}`)
  return report
}

export interface InitResult {
  code: number
  /** The lint report of the written repository (undefined when nothing was written). */
  report?: Report
  outcome: 'unchanged' | 'dry-run' | 'declined' | 'written'
}

const INTERRUPTED = () => new ExitWith(EXIT.interrupted, 'interrupted: nothing was written')

/** Ctrl-C at a prompt (in raw mode a key, not a signal) or SIGINT while asking: nothing is written yet. */
async function asking<T>(r: InitRun, work: Promise<T>): Promise<T> {
  try {
    return await work
  } catch (error) {
    const name = (error as Error)?.name
    if (r.signal.aborted || name === 'ExitPromptError' || name === 'AbortPromptError') throw INTERRUPTED()
    throw error
  }
}

export async function runInit(r: InitRun): Promise<InitResult> {
  const loaded = await loadRepository(r.repo)
  const {answers, context} = await asking(r, answersFor(r, loaded))
  const plan = planInit({loaded, answers, repoArg: r.repo, ...(context ? {context} : {})})
  if (plan.changes.length === 0) {
    r.out(`Nothing to change: cluster ${answers.name} is already in the repository as these answers describe it.\n`)
    return {code: EXIT.ok, outcome: 'unchanged'}
  }
  refuseExisting(plan, loaded)
  const p = painter(r.style)
  r.out(`${planHeader(plan)}\n\n${planDiff(plan.changes, {add: p.c.green, del: p.c.red, meta: p.c.cyan})}\n\n${reviewText(plan)}`)
  if (r.dryRun) {
    r.out(`Dry run: nothing written.\n\n${followUpText(plan)}`)
    return {code: EXIT.ok, outcome: 'dry-run'}
  }
  if (r.interactive && !r.yes) {
    const {confirmWrite} = await import('./prompts.js')
    if (!(await asking(r, confirmWrite(plan.changes.length, r.signal)))) {
      r.out('Nothing written.\n')
      return {code: EXIT.ok, outcome: 'declined'}
    }
  }
  if (r.signal.aborted) throw INTERRUPTED()
  try {
    await applyChanges(loaded.repo.root, plan.changes, {signal: r.signal, ...(r.pauseMs ? {pauseMs: r.pauseMs} : {})})
  } catch (error) {
    throw error instanceof InterruptedError ? INTERRUPTED() : error
  }
  r.out(`Wrote ${plan.changes.length} files: ${plan.changes.map((c) => c.path).join(', ')}\n`)
  const report = await lintSummary(r)
  r.out(`\n${followUpText(plan)}`)
  return {code: exitCode(report), report, outcome: 'written'}
}
