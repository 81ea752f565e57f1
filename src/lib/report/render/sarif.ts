// SARIF 2.1.0 for code scanning: one rule per check id, real file/line/column where a finding has them.
import {CATALOGUE} from '../../checks/catalogue.js'
import {docsUrl, HOMEPAGE} from '../../meta.js'
import {reportHint} from '../internal.js'
import type {Finding, Report} from '../types.js'

const LEVEL = {error: 'error', warning: 'warning', info: 'note'} as const

function location(f: Finding) {
  if (!f.file) return undefined
  const region: Record<string, number> = {}
  if (f.line) region.startLine = f.line
  if (f.line && f.column) region.startColumn = f.column
  return {
    physicalLocation: {
      artifactLocation: {uri: f.file.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%'},
      ...(f.line ? {region} : {}),
    },
  }
}

function logical(f: Finding) {
  const parts = [f.cluster, f.resource && `${f.resource.kind}/${f.resource.namespace ? `${f.resource.namespace}/` : ''}${f.resource.name}`]
  const name = parts.filter(Boolean).join('/')
  return name ? [{name, kind: 'resource'}] : undefined
}

export function renderSarif(report: Report): string {
  const ruleIds = [...new Set([...report.results.map((r) => r.id), ...report.findings.map((f) => f.id)])].sort()
  const rules = ruleIds.map((id) => {
    const def = CATALOGUE.find((c) => c.id === id)!
    return {
      id,
      name: def.name,
      shortDescription: {text: def.name},
      fullDescription: {text: def.description},
      helpUri: docsUrl(id),
      // GitHub shows help.text, not helpUri: carry the remedy here too.
      help: {text: `${def.description}. Fix: ${def.hint}. More: kubectl mesh explain ${id}`},
      defaultConfiguration: {level: LEVEL[def.severity]},
    }
  })
  const index = new Map(ruleIds.map((id, i) => [id, i]))
  const results = report.findings.map((f) => {
    const loc = location(f)
    const log = logical(f)
    return {
      ruleId: f.id,
      ruleIndex: index.get(f.id),
      level: f.incomplete ? 'note' : LEVEL[f.severity],
      message: {text: [f.message, f.peer ? `(peer ${f.peer})` : '', f.hint ? `Hint: ${f.hint}` : ''].filter(Boolean).join(' ')},
      ...(loc || log ? {locations: [{...(loc ?? {}), ...(log ? {logicalLocations: log} : {})}]} : {}),
      ...(f.cluster ? {properties: {cluster: f.cluster, ...(f.context ? {context: f.context} : {}), ...(f.peer ? {peer: f.peer} : {})}} : {}),
    }
  })
  // Checks that threw are tool failures, not results: notifications of the invocation, tied to their rule.
  const notifications = report.results
    .filter((r) => r.status === 'error')
    .map((r) => ({
      level: 'error',
      message: {text: `${r.reason ?? `internal error in ${r.id}`}. ${reportHint(r.id)}`},
      associatedRule: {id: r.id, index: index.get(r.id)},
      ...(r.cluster ? {properties: {cluster: r.cluster, ...(r.peer ? {peer: r.peer} : {})}} : {}),
    }))
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {driver: {name: 'kubectl-mesh', version: report.tool.version, informationUri: HOMEPAGE, rules}},
        ...(report.root ? {originalUriBaseIds: {'%SRCROOT%': {uri: pathToUri(report.root)}}} : {}),
        results,
        invocations: [
          {
            executionSuccessful: report.status !== 'incomplete' && report.status !== 'error',
            ...(notifications.length ? {toolExecutionNotifications: notifications} : {}),
          },
        ],
      },
    ],
  }
  return JSON.stringify(sarif, null, 2) + '\n'
}

function pathToUri(root: string): string {
  const withSlash = root.endsWith('/') ? root : `${root}/`
  return `file://${withSlash.split('/').map(encodeURIComponent).join('/')}`
}
