// The renderer reports CM001–CM005 as findings while it reads; give them results like any other check,
// so text/junit show them as passed, failed or skipped.
import {CATALOGUE} from '../checks/catalogue.js'
import {isSelected, type Selection} from '../checks/registry.js'
import type {CheckResult, Finding} from '../report/types.js'

const RENDER_CHECKS = CATALOGUE.filter((c) => c.category === 'input')

export function renderResults(findings: readonly Finding[], selection: Selection): {findings: Finding[]; results: CheckResult[]} {
  const kept = findings.filter((f) => isSelected(f.id, selection))
  const results: CheckResult[] = []
  for (const def of RENDER_CHECKS) {
    if (!isSelected(def.id, selection)) continue
    const mine = kept.filter((f) => f.id === def.id)
    const base = {id: def.id, name: def.name, category: def.category, title: def.description}
    if (mine.length === 0) {
      results.push({...base, status: 'pass'})
      continue
    }
    const scopes = new Map<string, Finding>()
    for (const f of mine) scopes.set(`${f.cluster ?? ''}\u0000${f.peer ?? ''}`, f)
    for (const f of scopes.values()) {
      results.push({
        ...base,
        ...(f.cluster ? {cluster: f.cluster} : {}),
        ...(f.peer ? {peer: f.peer} : {}),
        status: def.incomplete ? 'skip' : 'fail',
        ...(def.incomplete ? {reason: f.message} : {}),
      })
    }
  }
  return {findings: kept, results}
}
