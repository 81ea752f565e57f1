// Runs checks over a model and collects findings and per-scope results.
// A check is a pure function of its model: it reports findings, passes and skips through the context.
// A check that throws is a bug of ours: its result is `error` (never a pass or a skip), and the run exits with
// EXIT.internal (report/build.ts), whatever else it found.
import {internalErrorReason, safeStack} from '../report/internal.js'
import type {CheckResult, Finding, Location, ResourceRef, Severity} from '../report/types.js'
import type {CheckDef} from './catalogue.js'
import {getCheck, isSelected, type Selection} from './registry.js'

export interface Scope {
  cluster?: string
  peer?: string
}

export interface FindingInput extends Scope, Location {
  message: string
  severity?: Severity
  resource?: ResourceRef
  hint?: string
  details?: string[]
  /** Same mistake, several places: see Finding.group (the key is scoped by id, cluster and peer already). */
  group?: string
  groupMessage?: string
}

export interface CheckContext {
  /** Report a problem for a scope (the scope then fails). */
  report(f: FindingInput): void
  /** Record that a scope was examined (it passes unless a finding names it). */
  pass(scope?: Scope): void
  /** Record that a scope could not be examined and why. */
  skip(scope: Scope, reason: string): void
  /** Record that examining a scope hit a bug of ours (an exception caught before the check ran): status error, exit 4. */
  error(scope: Scope, error: unknown): void
}

export interface Check<M> {
  id: string
  run(model: M, ctx: CheckContext): void | Promise<void>
}

export interface RunOutput {
  findings: Finding[]
  results: CheckResult[]
}

const scopeKey = (s: Scope) => `${s.cluster ?? ''}\u0000${s.peer ?? ''}`

export function definition(id: string): CheckDef {
  const def = getCheck(id)
  if (!def) throw new Error(`check ${id} is not in the catalogue`)
  return def
}

export function findingFor(def: CheckDef, f: FindingInput): Finding {
  const finding: Finding = {
    id: def.id,
    name: def.name,
    severity: f.severity ?? def.severity,
    message: f.message,
    ...(f.cluster === undefined ? {} : {cluster: f.cluster}),
    ...(f.peer === undefined ? {} : {peer: f.peer}),
    ...(f.resource ? {resource: f.resource} : {}),
    ...(f.file ? {file: f.file} : {}),
    ...(f.line ? {line: f.line} : {}),
    ...(f.column ? {column: f.column} : {}),
    hint: f.hint ?? def.hint,
    docs: `docs/checks/${def.id}.md`,
    ...(f.details?.length ? {details: f.details} : {}),
    ...(f.group ? {group: f.group} : {}),
    ...(f.group && f.groupMessage ? {groupMessage: f.groupMessage} : {}),
    ...(def.incomplete ? {incomplete: true} : {}),
  }
  return finding
}

// error beats fail beats skip beats pass: a scope with any finding is failed, a check that threw is in error.
const RANK: Record<CheckResult['status'], number> = {pass: 0, skip: 1, fail: 2, error: 3}

/**
 * Runs the selected checks (any list: the commands pass their catalogue, tests may add their own). A check that
 * throws becomes an `error` result for the whole check, never a crash and never a pass or a skip; what it found
 * before throwing is kept.
 */
export async function runChecks<M>(checks: readonly Check<M>[], model: M, selection: Selection = {}): Promise<RunOutput> {
  const findings: Finding[] = []
  const results: CheckResult[] = []
  for (const check of checks) {
    if (!isSelected(check.id, selection)) continue
    const def = definition(check.id)
    const scopes = new Map<string, {scope: Scope; status: CheckResult['status']; reason?: string}>()
    const touch = (scope: Scope, status: CheckResult['status'], reason?: string) => {
      const key = scopeKey(scope)
      const prev = scopes.get(key)
      if (!prev || RANK[status] > RANK[prev.status]) scopes.set(key, {scope, status, reason: reason ?? prev?.reason})
    }
    const ctx: CheckContext = {
      report(f) {
        findings.push(findingFor(def, f))
        touch({cluster: f.cluster, peer: f.peer}, def.incomplete ? 'skip' : 'fail', def.incomplete ? f.message : undefined)
      },
      pass(scope = {}) {
        touch(scope, 'pass')
      },
      skip(scope, reason) {
        touch(scope, 'skip', reason)
      },
      error(scope, error) {
        touch(scope, 'error', internalErrorReason(def.id, error))
        if (process.env.KUBECTL_MESH_DEBUG) process.stderr.write(`${def.id}: ${safeStack(error)}\n`)
      },
    }
    try {
      await check.run(model, ctx)
    } catch (error) {
      touch({}, 'error', internalErrorReason(def.id, error))
      if (process.env.KUBECTL_MESH_DEBUG) process.stderr.write(`${def.id}: ${safeStack(error)}\n`)
    }
    if (scopes.size === 0) touch({}, 'pass')
    for (const {scope, status, reason} of scopes.values()) {
      results.push({
        id: def.id,
        name: def.name,
        category: def.category,
        title: def.description,
        ...(scope.cluster === undefined ? {} : {cluster: scope.cluster}),
        ...(scope.peer === undefined ? {} : {peer: scope.peer}),
        status,
        ...(reason ? {reason} : {}),
      })
    }
  }
  return {findings, results}
}
