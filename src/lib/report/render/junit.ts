// JUnit XML for CI dashboards: one testcase per (check, cluster[, peer]).
import type {CheckResult, Report} from '../types.js'
import {reportHint} from '../internal.js'
import {findingLocation} from './common.js'

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (ch) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;'})[ch]!)
    // XML 1.0 cannot carry most control characters at all.
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g, '')

export function renderJunit(report: Report): string {
  const suites = new Map<string, CheckResult[]>()
  for (const r of report.results) {
    const key = r.cluster ?? 'mesh'
    suites.set(key, [...(suites.get(key) ?? []), r])
  }
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>']
  const failures = report.results.filter((r) => r.status === 'fail').length
  const skipped = report.results.filter((r) => r.status === 'skip').length
  const errors = report.results.filter((r) => r.status === 'error').length
  lines.push(`<testsuites name="kubectl-mesh ${esc(report.command)}" tests="${report.results.length}" failures="${failures}" errors="${errors}" skipped="${skipped}">`)
  for (const [suite, results] of suites) {
    const f = results.filter((r) => r.status === 'fail').length
    const s = results.filter((r) => r.status === 'skip').length
    const e = results.filter((r) => r.status === 'error').length
    lines.push(`  <testsuite name="${esc(suite)}" tests="${results.length}" failures="${f}" errors="${e}" skipped="${s}">`)
    for (const r of results) {
      const name = `${r.id} ${r.name}${r.peer ? ` → ${r.peer}` : ''}`
      const open = `    <testcase classname="${esc(`${report.command}.${suite}`)}" name="${esc(name)}"`
      if (r.status === 'pass') {
        lines.push(`${open}/>`)
        continue
      }
      lines.push(`${open}>`)
      // JUnit's <error>: the test itself broke (the check threw), as opposed to <failure> (it found a problem).
      if (r.status === 'error') lines.push(`      <error type="internal" message="${esc(r.reason ?? 'internal error')}">${esc(reportHint(r.id))}</error>`)
      else if (r.status === 'skip') lines.push(`      <skipped message="${esc(r.reason ?? 'not checked')}"/>`)
      else {
        const matching = report.findings.filter((x) => x.id === r.id && x.cluster === r.cluster && x.peer === r.peer)
        const body = matching.map((x) => `${x.severity}: ${x.message}${findingLocation(x) ? ` (${findingLocation(x)})` : ''}`).join('\n')
        const type = matching.some((x) => x.severity === 'error') ? 'error' : matching[0]?.severity ?? 'error'
        lines.push(`      <failure type="${type}" message="${esc(matching[0]?.message ?? r.title)}">${esc(body)}</failure>`)
      }
      lines.push('    </testcase>')
    }
    lines.push('  </testsuite>')
  }
  lines.push('</testsuites>')
  return lines.join('\n') + '\n'
}
