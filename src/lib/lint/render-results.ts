// The renderer reports CM001–CM006 as findings while it reads; run them as checks of the engine, so they get
// results (passed, failed, skipped) and selection like every other check.
import {CATALOGUE} from '../checks/catalogue.js'
import {runChecks, type Check, type RunOutput} from '../checks/engine.js'
import type {Selection} from '../checks/registry.js'
import type {Finding} from '../report/types.js'

const RENDER_CHECKS: Check<readonly Finding[]>[] = CATALOGUE.filter((c) => c.category === 'input').map((def) => ({
  id: def.id,
  run(findings, ctx) {
    // A Finding carries every field a FindingInput has; id, name and docs come from the definition again.
    for (const f of findings) if (f.id === def.id) ctx.report(f)
  },
}))

export function renderResults(findings: readonly Finding[], selection: Selection): Promise<RunOutput> {
  return runChecks(RENDER_CHECKS, findings, selection)
}
