// init --check: the plan rendered in a scratch copy and put through the real lint pipeline, reported like
// lint (for CI on a pull request that adds a cluster). The repository itself is never written.
import {UsageError} from '../cli/errors.js'
import type {Gathered, RunContext} from '../cli/report-command.js'
import {loadRepository} from '../lint/load.js'
import {lintRepository} from '../lint/run.js'
import {type Given, resolveAnswers} from './answers.js'
import {openLive, type KubeAccess} from './live.js'
import {existingClusters, planInit} from './planner.js'
import {scratchWithPlan} from './scratch.js'
import {planHeader} from './summary.js'
import {meshOf} from './validate.js'

export async function gatherCheck(repo: string, given: Given, kube: KubeAccess & {context?: string}, ctx: RunContext): Promise<Gathered> {
  await ctx.progress.update(`rendering ${repo}`)
  const loaded = await loadRepository(repo)
  const existing = existingClusters(loaded, given.name)
  const live = kube.context ? await openLive(kube, kube.context) : undefined
  const resolved = resolveAnswers(given, meshOf(existing), live)
  if (!resolved.answers) {
    const lines = [...resolved.problems, ...(resolved.missing.length ? [`missing: ${resolved.missing.join(', ')}`] : [])]
    throw new UsageError(`init --check: ${lines.join('; ')}`)
  }
  const plan = planInit({loaded, answers: resolved.answers, repoArg: repo, ...(kube.context ? {context: kube.context} : {})})
  const selection = {selection: ctx.selection, progress: ctx.progress, signal: ctx.signal}
  if (plan.changes.length === 0) {
    const g = await lintRepository(repo, selection)
    return {...g, notes: [`nothing to change: cluster ${plan.answers.name} is already in the repository as these answers describe it`]}
  }
  if (existing.length !== loaded.model.clusters.length) {
    throw new UsageError(`cluster ${plan.answers.name} already exists and differs from what init would write (${plan.changes.map((c) => c.path).join(', ')})`)
  }
  await ctx.progress.update('checking the planned repository')
  const scratch = await scratchWithPlan(loaded.repo.root, plan.changes)
  try {
    const g = await lintRepository(scratch.dir, selection)
    const files = plan.changes.map((c) => `  ${c.before === undefined ? 'new   ' : 'edited'} ${c.path}`)
    return {...g, root: loaded.repo.root, notes: [planHeader(plan), ...files, ...(plan.review.length ? [`review: ${plan.review.join(', ')}`] : [])]}
  } finally {
    scratch.remove()
  }
}
