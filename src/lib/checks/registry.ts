// Lookup and selection of checks by id, range (CM2xx) or name, for --only/--skip.
import {CATALOGUE, type CheckDef} from './catalogue.js'

const byId = new Map(CATALOGUE.map((c) => [c.id, c]))
const byName = new Map(CATALOGUE.map((c) => [c.name, c]))

export function getCheck(idOrName: string): CheckDef | undefined {
  return byId.get(idOrName.toUpperCase()) ?? byName.get(idOrName.toLowerCase())
}

export class SelectorError extends Error {}

/** Expands "CM2xx,CM301,dependency-cycle" into check ids; unknown entries are a usage error. */
export function expandSelectors(selectors: readonly string[]): Set<string> {
  const ids = new Set<string>()
  for (const raw of selectors.flatMap((s) => s.split(','))) {
    const sel = raw.trim()
    if (!sel) continue
    const range = /^CM(\d)xx$/i.exec(sel) ?? /^CM(\d\d)x$/i.exec(sel)
    if (range) {
      const prefix = `CM${range[1]}`
      const matched = CATALOGUE.filter((c) => c.id.startsWith(prefix))
      if (matched.length === 0) throw new SelectorError(`no checks in range ${sel}`)
      for (const c of matched) ids.add(c.id)
      continue
    }
    const check = getCheck(sel)
    if (!check) throw new SelectorError(`unknown check "${sel}" (kubectl mesh checks lists them all)`)
    ids.add(check.id)
  }
  return ids
}

export interface Selection {
  only?: Set<string>
  skip?: Set<string>
}

export function isSelected(id: string, sel: Selection): boolean {
  if (sel.only && !sel.only.has(id)) return false
  return !sel.skip?.has(id)
}
