import {capPlaces, groupFindings, placesNameObjects, resourceLabel, type ShownFinding} from '../group.js'
import type {Painter} from '../style.js'
import {reportHint} from '../internal.js'
import type {Finding, Report} from '../types.js'

/** What renderers for people may be asked besides colour: the full checklist and every place (-v). */
export interface RenderOptions {
  verbose?: boolean
}

export function findingLocation(f: Finding): string | undefined {
  if (!f.file) return f.resource ? resourceLabel(f.resource) : undefined
  return [f.file, f.line, f.line ? f.column : undefined].filter((x) => x !== undefined).join(':')
}

/** One line per place of a shown finding, naming the object when the places are in different objects. */
export function placesOf(s: ShownFinding): string[] {
  if (s.occurrences.length === 1) {
    const loc = findingLocation(s.first)
    return loc ? [loc] : []
  }
  const named = placesNameObjects(s)
  return s.occurrences.map((o) => {
    const loc = findingLocation(o)
    const obj = named && o.resource && o.file ? ` (${resourceLabel(o.resource)})` : ''
    return loc ? `${loc}${obj}` : o.message
  })
}

/** The places a person sees, capped at PLACES_SHOWN with "… and N more" unless verbose. */
export function shownPlaces(s: ShownFinding, verbose = false): {places: readonly string[]; more: number} {
  const {shown, more} = capPlaces(placesOf(s), verbose)
  return {places: shown, more}
}

const STATUS_WORDS = {pass: 'passed', fail: 'failed', incomplete: 'incomplete', error: 'hit an internal error'} as const

/**
 * The checks that threw, one line each ("internal error in CM203: TypeError: …", with the scope when there is one),
 * then one line asking to report them by id. Empty when nothing threw.
 */
export function internalErrorLines(report: Report): {errors: string[]; hint?: string} {
  const errored = report.results.filter((r) => r.status === 'error')
  if (!errored.length) return {errors: []}
  const errors = errored.map((r) => {
    const scope = [r.cluster, r.peer ? `→${r.peer}` : undefined].filter(Boolean).join('')
    return `${r.reason ?? `internal error in ${r.id}`}${scope ? ` [${scope}]` : ''}`
  })
  return {errors, hint: reportHint([...new Set(errored.map((r) => r.id))].join(', '))}
}

export function summaryLine(report: Report, p?: Painter): string {
  const {error, warning, info, checks, skipped, internal} = report.summary
  const status = STATUS_WORDS[report.status]
  const paint = (s: string) => (!p ? s : report.status === 'pass' ? p.c.green(s) : report.status === 'incomplete' ? p.c.yellow(s) : p.c.red(s))
  const parts = [`${error} error${error === 1 ? '' : 's'}`, `${warning} warning${warning === 1 ? '' : 's'}`]
  if (info) parts.push(`${info} info`)
  const shown = groupFindings(report.findings).length
  const grouped = shown < report.findings.length ? ` grouped into ${shown} finding${shown === 1 ? '' : 's'}` : ''
  const suppressed = report.suppressed.length ? `, ${report.suppressed.length} suppressed` : ''
  const crashed = internal ? `, ${internal} internal error${internal === 1 ? '' : 's'}` : ''
  return `${paint(`${report.command} ${status}`)}: ${parts.join(', ')}${grouped}${suppressed}; ${checks} check${checks === 1 ? '' : 's'}, ${skipped} skipped${crashed}`
}
