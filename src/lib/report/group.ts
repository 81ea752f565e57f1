// The same mistake repeated is one finding with its places, for people (text, short). Checks say what "the same
// mistake" is by setting Finding.group; json, sarif and junit keep every occurrence.
import type {Finding, ResourceRef} from './types.js'

export interface ShownFinding {
  /** The first occurrence: id, severity, cluster, peer, hint and docs of the whole group. */
  first: Finding
  /** Every occurrence, in report order (one for a finding without a group). */
  occurrences: Finding[]
  /** What to say: the group message when there are several places, the finding's own message otherwise. */
  message: string
}

/** Places a person is shown before "… and N more" (all of them with --verbose). */
export const PLACES_SHOWN = 10

const keyOf = (f: Finding) => [f.id, f.cluster ?? '', f.peer ?? '', f.severity, f.incomplete ? '1' : '', f.group].join('\u0000')

/** Groups findings that share (id, cluster, peer, severity, group); the order is that of each group's first occurrence. */
export function groupFindings(findings: readonly Finding[]): ShownFinding[] {
  const shown: ShownFinding[] = []
  const byKey = new Map<string, ShownFinding>()
  for (const f of findings) {
    if (!f.group) {
      shown.push({first: f, occurrences: [f], message: f.message})
      continue
    }
    const key = keyOf(f)
    const existing = byKey.get(key)
    if (existing) {
      existing.occurrences.push(f)
      continue
    }
    const entry = {first: f, occurrences: [f], message: f.message}
    byKey.set(key, entry)
    shown.push(entry)
  }
  for (const s of shown) if (s.occurrences.length > 1) s.message = s.first.groupMessage ?? s.first.message
  return shown
}

export const resourceLabel = (r: ResourceRef) => `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}`

/** True when the occurrences point at more than one object, so each place should name its object. */
export function placesNameObjects(s: ShownFinding): boolean {
  const labels = new Set(s.occurrences.map((f) => (f.resource ? resourceLabel(f.resource) : '')))
  return labels.size > 1
}

/** Splits a list of places into those shown and how many are left out. */
export function capPlaces<T>(places: readonly T[], verbose: boolean): {shown: readonly T[]; more: number} {
  if (verbose || places.length <= PLACES_SHOWN) return {shown: places, more: 0}
  return {shown: places.slice(0, PLACES_SHOWN), more: places.length - PLACES_SHOWN}
}
