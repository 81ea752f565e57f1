// Text for people. Default: the findings grouped by cluster then category (the same mistake in several places is
// one finding with its places), then one line per category for what passed and what was skipped. --verbose: the
// full checklist of every cluster, and every place. A hint and a docs pointer under every finding.
import {CATALOGUE} from '../../checks/catalogue.js'
import {groupFindings, type ShownFinding} from '../group.js'
import {painter, type Painter, type Style} from '../style.js'
import type {CheckResult, Finding, Report} from '../types.js'
import {internalErrorLines, type RenderOptions, shownPlaces, summaryLine} from './common.js'

const CATEGORY_TITLES: Record<string, string> = {
  input: 'repository input',
  gitops: 'GitOps wiring',
  mesh: 'ClusterMesh',
  live: 'live cluster',
  'cross-cluster': 'across clusters',
  connect: 'connectivity',
  dns: 'DNS',
}
/** The category as an adjective of "checks": "23 ClusterMesh checks passed". */
const CATEGORY_NOUNS: Record<string, string> = {
  input: 'repository input',
  gitops: 'GitOps',
  mesh: 'ClusterMesh',
  live: 'live-cluster',
  'cross-cluster': 'cross-cluster',
  connect: 'connectivity',
  dns: 'DNS',
}
const categoryOrder = Object.keys(CATEGORY_TITLES)
const titleOf = new Map(CATALOGUE.map((c) => [c.id, c.name]))
const categoryById = new Map(CATALOGUE.map((c) => [c.id, c.category as string]))
const byCategory = (a: string, b: string) => categoryOrder.indexOf(a) - categoryOrder.indexOf(b)

function symbolFor(p: Painter, f: Finding): string {
  if (f.incomplete) return p.skip
  return f.severity === 'error' ? p.fail : f.severity === 'warning' ? p.warn : p.info
}

function renderFinding(p: Painter, s: ShownFinding, verbose: boolean): string[] {
  const f = s.first
  const peer = f.peer ? ` (peer ${f.peer})` : ''
  const n = s.occurrences.length
  const count = n > 1 ? ` ${p.c.dim(`(${n} places)`)}` : ''
  const lines = [`  ${symbolFor(p, f)} ${p.c.bold(f.id)} ${s.message}${peer}${count}`]
  const {places, more} = shownPlaces(s, verbose)
  for (const place of places) lines.push(`      ${p.c.dim('at')} ${place}`)
  if (more) lines.push(`      ${p.c.dim(`… and ${more} more (run with -v to see all, or -o json)`)}`)
  // Details are facts about one place; a group shows them once when every place has the same.
  const details = s.occurrences.map((o) => (o.details ?? []).join('\n'))
  if (details.every((d) => d === details[0])) for (const d of f.details ?? []) lines.push(`      ${d}`)
  if (f.hint) lines.push(`      ${p.c.dim('hint:')} ${f.hint}`)
  lines.push(`      ${p.c.dim('see:')} kubectl mesh explain ${f.id}`)
  return lines
}

const categoryOf = (f: Finding): string => categoryById.get(f.id) ?? 'input'

/** --verbose: every check of the cluster, passed, skipped or failed, by category. */
function renderChecklist(p: Painter, results: CheckResult[], findings: Finding[]): string[] {
  const lines: string[] = []
  const cats = [...new Set([...results.map((r) => r.category), ...findings.map((f) => categoryOf(f))])].sort(byCategory)
  for (const cat of cats) {
    lines.push(` ${p.c.bold(CATEGORY_TITLES[cat] ?? cat)}`)
    const catFindings = findings.filter((f) => categoryOf(f) === cat)
    const failed = new Set(catFindings.map((f) => f.id))
    for (const id of [...new Set(results.filter((r) => r.category === cat).map((r) => r.id))]) {
      if (failed.has(id)) continue
      const rs = results.filter((r) => r.id === id && r.category === cat)
      const errored = rs.find((r) => r.status === 'error')
      const skipped = rs.find((r) => r.status === 'skip')
      if (errored) lines.push(`  ${p.fail} ${id} ${titleOf.get(id)} ${p.c.red(`(${errored.reason ?? 'internal error'})`)}`)
      else if (skipped) lines.push(`  ${p.skip} ${id} ${titleOf.get(id)} ${p.c.dim(`(skipped: ${skipped.reason ?? 'not checked'})`)}`)
      else if (rs.some((r) => r.status === 'fail')) lines.push(`  ${p.fail} ${id} ${titleOf.get(id)} ${p.c.dim('(failed; findings below --min-severity)')}`)
      else lines.push(`  ${p.ok} ${id} ${titleOf.get(id)}`)
    }
    for (const s of groupFindings(catFindings)) lines.push(...renderFinding(p, s, true))
  }
  return lines
}

/** Default: only the findings of the cluster, by category. */
function renderFindings(p: Painter, findings: Finding[]): string[] {
  const lines: string[] = []
  for (const cat of [...new Set(findings.map((f) => categoryOf(f)))].sort(byCategory)) {
    lines.push(` ${p.c.bold(CATEGORY_TITLES[cat] ?? cat)}`)
    for (const s of groupFindings(findings.filter((f) => categoryOf(f) === cat))) lines.push(...renderFinding(p, s, false))
  }
  return lines
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`

/**
 * One line per category for what passed and one for what was skipped. A check counts once (whatever the number of
 * clusters and peers it ran for): failed when any scope failed or it has a finding shown above, else skipped when
 * any scope was skipped, else passed.
 */
export function categoryLines(report: Report, p: Painter): string[] {
  const shownIds = new Set(report.findings.map((f) => f.id))
  const lines: string[] = []
  for (const cat of [...new Set(report.results.map((r) => r.category as string))].sort(byCategory)) {
    const rs = report.results.filter((r) => r.category === cat)
    const ids = [...new Set(rs.map((r) => r.id))]
    const statusOf = (id: string) => {
      const mine = rs.filter((r) => r.id === id)
      if (mine.some((r) => r.status === 'error')) return 'error'
      if (shownIds.has(id) || mine.some((r) => r.status === 'fail')) return 'fail'
      return mine.some((r) => r.status === 'skip') ? 'skip' : 'pass'
    }
    const statuses = ids.map(statusOf)
    const passed = statuses.filter((s) => s === 'pass').length
    const skipped = statuses.filter((s) => s === 'skip').length
    const hidden = ids.filter((id, i) => statuses[i] === 'fail' && !shownIds.has(id)).length
    const clusters = new Set(rs.filter((r) => r.cluster !== undefined).map((r) => r.cluster)).size
    const noun = CATEGORY_NOUNS[cat] ?? cat
    if (passed) {
      const of = passed < ids.length ? `${passed} of ${ids.length}` : `${passed}`
      const on = clusters ? ` on ${plural(clusters, 'cluster')}` : ''
      const below = hidden ? p.c.dim(` (${hidden} failed below --min-severity)`) : ''
      lines.push(`${p.ok} ${of} ${noun} check${ids.length === 1 ? '' : 's'} passed${on}${below}`)
    }
    if (skipped) lines.push(`${p.skip} ${p.c.dim(`${plural(skipped, `${noun} check`)} skipped (run with -v to see why)`)}`)
  }
  return lines
}

export function renderText(report: Report, style: Style, options: RenderOptions = {}): string {
  const p = painter(style)
  const verbose = options.verbose ?? false
  const out: string[] = []
  const clusters = [...new Set([...(verbose ? report.results.map((r) => r.cluster ?? '') : []), ...report.findings.map((f) => f.cluster ?? '')])].sort(
    (a, b) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b)),
  )
  for (const cluster of clusters) {
    const findings = report.findings.filter((f) => (f.cluster ?? '') === cluster)
    out.push(p.c.bold.underline(cluster === '' ? 'mesh' : `cluster ${cluster}`))
    if (verbose) out.push(...renderChecklist(p, report.results.filter((r) => (r.cluster ?? '') === cluster), findings), '')
    else out.push(...renderFindings(p, findings), '')
  }
  for (const s of report.suppressed) out.push(`  ${p.c.dim(`suppressed ${s.id}${s.cluster ? ` (${s.cluster})` : ''}: ${s.reason}`)}`)
  if (report.suppressed.length) out.push('')
  for (const note of report.notes ?? []) out.push(note)
  if (report.notes?.length) out.push('')
  if (!verbose) {
    const cats = categoryLines(report, p)
    out.push(...cats)
  }
  // A check that threw is never hidden among the passes: one line each, and what to report.
  const internal = internalErrorLines(report)
  for (const e of internal.errors) out.push(`${p.fail} ${p.c.red(e)}`)
  if (internal.hint) out.push(`  ${p.c.dim('hint:')} ${internal.hint}`)
  out.push(summaryLine(report, p))
  return out.join('\n') + '\n'
}
