// The closing sources × peers matrix of the text report: ✓, or the first failing step's check id.
import {type ConnectModel, STEP_CHECK, STEPS} from './types.js'

export interface MatrixStyle {
  unicode: boolean
}

type Cell = {kind: 'ok' | 'fail' | 'warn' | 'none' | 'self' | 'unknown'; id?: string}

export function cellFor(model: ConnectModel, source: string, peer: string): Cell {
  if (source === peer) return {kind: 'self'}
  const src = model.sources.find((s) => s.name === source)
  const config = src?.peers.find((p) => p.name === peer)
  if (!config) return src && src.problems.some((p) => p.id === 'CM301') && src.peers.length === 0 ? {kind: 'unknown'} : {kind: 'none'}
  if (config.problems.length) return {kind: 'fail', id: 'CM308'}
  const result = model.results.find((r) => r.source === source && r.peer === peer)
  if (!result || result.endpoints.length === 0) return {kind: 'unknown'}
  for (const step of STEPS) {
    if (result.endpoints.some((e) => e.steps[step].status === 'fail' || e.steps[step].status === 'error')) return {kind: step === 'heartbeat' ? 'warn' : 'fail', id: STEP_CHECK[step]}
  }
  if (result.endpoints.some((e) => STEPS.some((s) => {
    const o = e.steps[s]
    return o.status === 'skip' && o.reason.startsWith('not reached')
  }))) return {kind: 'unknown'}
  return {kind: 'ok'}
}

export function renderMatrix(model: ConnectModel, style: MatrixStyle): string[] {
  const sources = model.sources.map((s) => s.name).sort()
  const live = model.sources.some((s) => s.mode === 'live')
  const peers = [...new Set([...model.sources.flatMap((s) => s.peers.map((p) => p.name)), ...(live ? sources : [])])].sort()
  if (sources.length === 0 || peers.length === 0) return []
  const sym = style.unicode
    ? {ok: '✓', fail: '✗', warn: '⚠', none: '-', self: '·', unknown: '?', arrow: '→'}
    : {ok: 'ok', fail: 'FAIL', warn: 'warn', none: '-', self: '.', unknown: '?', arrow: '->'}
  const text = (c: Cell) => (c.id ? `${sym[c.kind]} ${c.id}` : sym[c.kind])
  const rows = sources.map((s) => [s, ...peers.map((p) => text(cellFor(model, s, p)))])
  const header = [`source ${sym.arrow} peer`, ...peers]
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)))
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padEnd(widths[i])).join('  ')}`.trimEnd()
  return [
    'connectivity matrix (first failing step per source and peer):',
    line(header),
    ...rows.map(line),
    `  ${sym.ok} every step passed   ${sym.fail}/${sym.warn} CMnnn first failing step   ${sym.none} not configured   ${sym.self} itself   ${sym.unknown} not checked`,
  ]
}
