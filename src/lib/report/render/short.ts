// Only what is not passing, one line each, plus one summary line with versions: for chats and issues.
// The same mistake in several places is one line listing its places.
import {groupFindings} from '../group.js'
import type {Report} from '../types.js'
import {internalErrorLines, type RenderOptions, shownPlaces, summaryLine} from './common.js'

export function renderShort(report: Report, options: RenderOptions = {}): string {
  const lines = groupFindings(report.findings).map((s) => {
    const f = s.first
    const where = [f.cluster, f.peer ? `→${f.peer}` : undefined].filter(Boolean).join('')
    const {places, more} = shownPlaces(s, options.verbose)
    const list = [...places, ...(more ? [`… and ${more} more`] : [])].join(', ')
    return `${f.incomplete ? 'incomplete' : f.severity} ${f.id} ${where ? `[${where}] ` : ''}${s.message}${list ? ` (${list})` : ''}`
  })
  for (const r of report.results.filter((x) => x.status === 'skip' && !report.findings.some((f) => f.id === x.id))) {
    lines.push(`skipped ${r.id}${r.cluster ? ` [${r.cluster}]` : ''} ${r.reason ?? ''}`.trimEnd())
  }
  const internal = internalErrorLines(report)
  lines.push(...internal.errors.map((e) => `internal-error ${e}`), ...(internal.hint ? [internal.hint] : []))
  lines.push(`${summaryLine(report)} (kubectl-mesh ${report.tool.version}, node ${report.tool.node ?? process.versions.node})`)
  return lines.join('\n') + '\n'
}
