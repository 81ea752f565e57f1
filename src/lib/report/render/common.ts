import {capPlaces, groupFindings, placesNameObjects, resourceLabel, type ShownFinding} from '../group.js'
import type {Painter} from '../style.js'
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

export function summaryLine(report: Report, p?: Painter): string {
  const {error, warning, info, checks, skipped} = report.summary
  const status = report.status === 'pass' ? 'passed' : report.status === 'fail' ? 'failed' : 'incomplete'
  const paint = (s: string) => (!p ? s : report.status === 'pass' ? p.c.green(s) : report.status === 'fail' ? p.c.red(s) : p.c.yellow(s))
  const parts = [`${error} error${error === 1 ? '' : 's'}`, `${warning} warning${warning === 1 ? '' : 's'}`]
  if (info) parts.push(`${info} info`)
  const shown = groupFindings(report.findings).length
  const grouped = shown < report.findings.length ? ` grouped into ${shown} finding${shown === 1 ? '' : 's'}` : ''
  const suppressed = report.suppressed.length ? `, ${report.suppressed.length} suppressed` : ''
  return `${paint(`${report.command} ${status}`)}: ${parts.join(', ')}${grouped}${suppressed}; ${checks} check${checks === 1 ? '' : 's'}, ${skipped} skipped`
}
