import type {Painter} from '../style.js'
import type {Finding, Report} from '../types.js'

export function findingLocation(f: Finding): string | undefined {
  if (!f.file) return f.resource ? `${f.resource.kind} ${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}` : undefined
  return [f.file, f.line, f.line ? f.column : undefined].filter((x) => x !== undefined).join(':')
}

export function summaryLine(report: Report, p?: Painter): string {
  const {error, warning, info, checks, skipped} = report.summary
  const status = report.status === 'pass' ? 'passed' : report.status === 'fail' ? 'failed' : 'incomplete'
  const paint = (s: string) => (!p ? s : report.status === 'pass' ? p.c.green(s) : report.status === 'fail' ? p.c.red(s) : p.c.yellow(s))
  const parts = [`${error} error${error === 1 ? '' : 's'}`, `${warning} warning${warning === 1 ? '' : 's'}`]
  if (info) parts.push(`${info} info`)
  const suppressed = report.suppressed.length ? `, ${report.suppressed.length} suppressed` : ''
  return `${paint(`${report.command} ${status}`)}: ${parts.join(', ')}${suppressed}; ${checks} checks, ${skipped} skipped`
}
