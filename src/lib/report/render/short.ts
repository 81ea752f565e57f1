// Only what is not passing, one line each, plus one summary line with versions: for chats and issues.
import type {Report} from '../types.js'
import {findingLocation, summaryLine} from './common.js'

export function renderShort(report: Report): string {
  const lines = report.findings.map((f) => {
    const where = [f.cluster, f.peer ? `→${f.peer}` : undefined].filter(Boolean).join('')
    const loc = findingLocation(f)
    return `${f.incomplete ? 'incomplete' : f.severity} ${f.id} ${where ? `[${where}] ` : ''}${f.message}${loc ? ` (${loc})` : ''}`
  })
  for (const r of report.results.filter((x) => x.status === 'skip' && !report.findings.some((f) => f.id === x.id))) {
    lines.push(`skipped ${r.id}${r.cluster ? ` [${r.cluster}]` : ''} ${r.reason ?? ''}`.trimEnd())
  }
  lines.push(`${summaryLine(report)} (kubectl-mesh ${report.tool.version}, node ${report.tool.node ?? process.versions.node})`)
  return lines.join('\n') + '\n'
}
