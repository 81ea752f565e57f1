// Text for people: grouped by cluster then category, a hint and a docs pointer under every failure.
import {CATALOGUE} from '../../checks/catalogue.js'
import {painter, type Painter, type Style} from '../style.js'
import type {CheckResult, Finding, Report} from '../types.js'
import {findingLocation, summaryLine} from './common.js'

const CATEGORY_TITLES: Record<string, string> = {
  input: 'repository input',
  gitops: 'GitOps wiring',
  mesh: 'ClusterMesh',
  live: 'live cluster',
  'cross-cluster': 'across clusters',
  connect: 'connectivity',
  dns: 'DNS',
}
const categoryOrder = Object.keys(CATEGORY_TITLES)
const titleOf = new Map(CATALOGUE.map((c) => [c.id, c.name]))

function symbolFor(p: Painter, f: Finding): string {
  if (f.incomplete) return p.skip
  return f.severity === 'error' ? p.fail : f.severity === 'warning' ? p.warn : p.info
}

function renderFinding(p: Painter, f: Finding): string[] {
  const loc = findingLocation(f)
  const peer = f.peer ? ` (peer ${f.peer})` : ''
  const lines = [`  ${symbolFor(p, f)} ${p.c.bold(f.id)} ${f.message}${peer}`]
  if (loc) lines.push(`      ${p.c.dim('at')} ${loc}`)
  for (const d of f.details ?? []) lines.push(`      ${d}`)
  if (f.hint) lines.push(`      ${p.c.dim('hint:')} ${f.hint}`)
  lines.push(`      ${p.c.dim('see:')} kubectl mesh explain ${f.id}`)
  return lines
}

function renderGroup(p: Painter, results: CheckResult[], findings: Finding[]): string[] {
  const lines: string[] = []
  const cats = [...new Set([...results.map((r) => r.category), ...findings.map((f) => categoryOf(f))])].sort(
    (a, b) => categoryOrder.indexOf(a) - categoryOrder.indexOf(b),
  )
  for (const cat of cats) {
    lines.push(` ${p.c.bold(CATEGORY_TITLES[cat] ?? cat)}`)
    const catFindings = findings.filter((f) => categoryOf(f) === cat)
    const failed = new Set(catFindings.map((f) => f.id))
    for (const id of [...new Set(results.filter((r) => r.category === cat).map((r) => r.id))]) {
      if (failed.has(id)) continue
      const rs = results.filter((r) => r.id === id && r.category === cat)
      const skipped = rs.find((r) => r.status === 'skip')
      if (skipped) lines.push(`  ${p.skip} ${id} ${titleOf.get(id)} ${p.c.dim(`(skipped: ${skipped.reason ?? 'not checked'})`)}`)
      else lines.push(`  ${p.ok} ${id} ${titleOf.get(id)}`)
    }
    for (const f of catFindings) lines.push(...renderFinding(p, f))
  }
  return lines
}

function categoryOf(f: Finding): string {
  return CATALOGUE.find((c) => c.id === f.id)?.category ?? 'input'
}

export function renderText(report: Report, style: Style): string {
  const p = painter(style)
  const out: string[] = []
  const groups = [...new Set([...report.results.map((r) => r.cluster ?? ''), ...report.findings.map((f) => f.cluster ?? '')])].sort(
    (a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)),
  )
  for (const group of groups) {
    const results = report.results.filter((r) => (r.cluster ?? '') === group)
    const findings = report.findings.filter((f) => (f.cluster ?? '') === group)
    out.push(p.c.bold.underline(group === '' ? 'mesh' : `cluster ${group}`))
    out.push(...renderGroup(p, results, findings), '')
  }
  for (const s of report.suppressed) out.push(`  ${p.c.dim(`suppressed ${s.id}${s.cluster ? ` (${s.cluster})` : ''}: ${s.reason}`)}`)
  if (report.suppressed.length) out.push('')
  for (const note of report.notes ?? []) out.push(note)
  if (report.notes?.length) out.push('')
  out.push(summaryLine(report, p))
  return out.join('\n') + '\n'
}
