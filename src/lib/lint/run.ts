// lint: repository -> rendered clusters -> mesh model -> CM0xx/CM1xx/CM2xx checks.
import {runChecks} from '../checks/engine.js'
import {GITOPS_CHECKS} from '../checks/gitops/index.js'
import {MESH_CHECKS} from '../checks/mesh/index.js'
import type {Selection} from '../checks/registry.js'
import type {Progress} from '../cli/progress.js'
import type {Gathered} from '../cli/report-command.js'
import {clusterSummaries} from '../mesh/index.js'
import {loadRepository} from './load.js'
import {renderResults} from './render-results.js'
import {annotationSuppressions} from './suppressions.js'

export interface LintOptions {
  selection: Selection
  /** Only report on these clusters (the whole mesh is still rendered: cross-cluster checks need it). */
  clusters?: string[]
  progress?: Progress
  signal?: AbortSignal
}

export async function lintRepository(dir: string, options: LintOptions): Promise<Gathered> {
  await options.progress?.update(`rendering ${dir}`)
  const {repo, model} = await loadRepository(dir)
  const suppress = [...(repo.suppress ?? []), ...annotationSuppressions(repo)]
  await options.progress?.update('checking')
  const rendered = await renderResults(repo.findings, options.selection)
  const gitops = await runChecks(GITOPS_CHECKS, {repo}, options.selection)
  const mesh = await runChecks(MESH_CHECKS, model, options.selection)
  const only = options.clusters?.length ? new Set(options.clusters) : undefined
  const keep = <T extends {cluster?: string}>(items: T[]) => (only ? items.filter((x) => !x.cluster || only.has(x.cluster)) : items)
  return {
    findings: keep([...rendered.findings, ...gitops.findings, ...mesh.findings]),
    results: keep([...rendered.results, ...gitops.results, ...mesh.results]),
    clusters: clusterSummaries(model).filter((c) => !only || only.has(c.name)),
    root: repo.root,
    suppress,
  }
}
