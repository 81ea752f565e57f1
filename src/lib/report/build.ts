// Turns check output into the Report and decides the exit code, identically for every format.
import {applySuppressions, type SuppressRule} from './suppress.js'
import type {CheckResult, ClusterSummary, Finding, Report, ReportStatus, Severity} from './types.js'

/** internal: a check or the command itself threw (a bug of ours); never 0, never the usage code 2. */
export const EXIT = {ok: 0, failed: 1, usage: 2, incomplete: 3, internal: 4, timeout: 124, interrupted: 130} as const

const RANK: Record<Severity, number> = {error: 3, warning: 2, info: 1}
export const atLeast = (s: Severity, threshold: Severity) => RANK[s] >= RANK[threshold]

export interface BuildInput {
  command: string
  version: string
  findings: Finding[]
  results: CheckResult[]
  clusters?: ClusterSummary[]
  suppress?: readonly SuppressRule[]
  notes?: string[]
  root?: string
  /** Parts that could not be checked for reasons outside any check (timeout of one context, …). */
  incomplete?: boolean
}

export interface Policy {
  failOn: Severity
  minSeverity: Severity
}

const byPosition = (a: Finding, b: Finding) =>
  (a.cluster ?? '').localeCompare(b.cluster ?? '') ||
  RANK[b.severity] - RANK[a.severity] ||
  a.id.localeCompare(b.id) ||
  (a.file ?? '').localeCompare(b.file ?? '') ||
  (a.line ?? 0) - (b.line ?? 0) ||
  (a.peer ?? '').localeCompare(b.peer ?? '') ||
  a.message.localeCompare(b.message)

export function buildReport(input: BuildInput, policy: Policy): Report {
  const {kept, suppressed} = applySuppressions(input.findings, input.suppress ?? [])
  const failing = kept.some((f) => !f.incomplete && atLeast(f.severity, policy.failOn))
  const incomplete = input.incomplete || kept.some((f) => f.incomplete)
  const internal = input.results.filter((r) => r.status === 'error').length
  const status: ReportStatus = internal ? 'error' : failing ? 'fail' : incomplete ? 'incomplete' : 'pass'
  const shown = kept.filter((f) => f.incomplete || atLeast(f.severity, policy.minSeverity)).sort(byPosition)
  const count = (s: Severity) => shown.filter((f) => f.severity === s && !f.incomplete).length
  return {
    schemaVersion: 1,
    tool: {name: 'kubectl-mesh', version: input.version, node: process.versions.node},
    command: input.command,
    status,
    summary: {
      error: count('error'),
      warning: count('warning'),
      info: count('info'),
      checks: input.results.length,
      skipped: input.results.filter((r) => r.status === 'skip').length,
      ...(internal ? {internal} : {}),
    },
    clusters: input.clusters ?? [],
    findings: shown,
    suppressed,
    results: input.results,
    ...(input.notes?.length ? {notes: input.notes} : {}),
    ...(input.root ? {root: input.root} : {}),
  }
}

/** An internal error wins over everything and is not masked by --exit-zero: the report cannot be trusted. */
export function exitCode(report: Report, exitZero = false): number {
  if (report.status === 'error') return EXIT.internal
  if (exitZero) return EXIT.ok
  if (report.status === 'fail') return EXIT.failed
  if (report.status === 'incomplete') return EXIT.incomplete
  return EXIT.ok
}
