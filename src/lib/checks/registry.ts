// Lookup and selection of checks by id, range (CM2xx) or name, for --only/--skip.
import {CATALOGUE, type CheckDef, type CommandName, type KubeRead, type PodExec} from './catalogue.js'

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

/** The checks a command reports, from their declarations (catalogue.ts `commands`). */
export function checksOf(command: CommandName): CheckDef[] {
  return CATALOGUE.filter((c) => c.commands.includes(command))
}

/** Ids of the checks of `command` that declare this kube read or pod exec: what its failure leaves skipped. */
export function checksNeeding(command: CommandName, input: {kube: KubeRead} | {exec: PodExec}): string[] {
  return checksOf(command)
    .filter((c) => ('kube' in input ? c.inputs.kube?.includes(input.kube) : c.inputs.exec?.includes(input.exec)))
    .map((c) => c.id)
}

/** Some selected check of `command` execs into pods (doctor runs cilium-dbg only then). */
export function needsExec(command: CommandName, sel: Selection): boolean {
  return checksOf(command).some((c) => (c.inputs.exec?.length ?? 0) > 0 && isSelected(c.id, sel))
}
