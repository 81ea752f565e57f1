// What dns-check shows beside the findings: a table (cluster, name, answers with TTLs, pinned, live, pool) for
// people, and per cluster the same facts as data in the report's clusters[] for scripts.
import {factPos} from '../mesh/fact.js'
import type {ClusterSummary} from '../report/types.js'
import {liveAddresses} from './live-address.js'
import {answers, lookupFailure, resolverLabel} from './lookup.js'
import type {DnsCheckModel, DnsTarget} from './types.js'

const DASH = '-'

function answerCell(t: DnsTarget): string {
  if (!t.pick.ok || !t.lookup) return DASH
  const failure = lookupFailure(t.lookup)
  if (failure) return failure.kind
  return answers(t.lookup).map((a) => `${a.address} (${a.ttl}s)`).join(', ')
}

function pinnedCell(t: DnsTarget): string {
  if (!t.pinned) return DASH
  if (!t.pinned.known) return 'unknown'
  return t.pinned.value.map((p) => p.ip).join(', ') || 'not pinned'
}

function liveCell(t: DnsTarget): string {
  if (!t.live) return DASH
  if (!t.live.ok) return 'unread'
  const live = liveAddresses(t.live.service)
  return 'reason' in live ? `none (${t.live.service.type})` : live.addresses.join(', ')
}

function poolCell(t: DnsTarget): string {
  if (!t.pools) return DASH
  if (!t.pools.known) return 'unknown'
  return t.pools.value.map((b) => b.text).join(', ') || 'none'
}

function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)))
  return rows.map((r) => `  ${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ')}`.trimEnd())
}

function nameLine(t: DnsTarget): string {
  if (!t.pick.ok) return `  ${t.cluster}: no name: ${t.pick.reason}`
  const c = t.pick.choice
  const pos = factPos(c.origin)
  return `  ${t.cluster}: ${c.name} from ${c.via}${pos ? ` (${pos.file}:${pos.line})` : ''}`
}

export function notesOf(model: DnsCheckModel): string[] {
  if (model.targets.length === 0) return []
  const rows = [
    ['cluster', 'name', 'answers (TTL)', 'pinned', 'live', 'pool'],
    ...model.targets.map((t) => [t.cluster, t.pick.ok ? t.pick.choice.name : DASH, answerCell(t), pinnedCell(t), liveCell(t), poolCell(t)]),
  ]
  return [`DNS through ${resolverLabel(model.resolver)}`, ...table(rows), 'Names', ...model.targets.map(nameLine)]
}

/** The dns facts of one target, for clusters[] (merged into the repository summary when there is one). */
export function dnsSummary(t: DnsTarget): Record<string, unknown> {
  const lookup = t.pick.ok && t.lookup ? t.lookup : undefined
  const failure = lookup && lookupFailure(lookup)
  return {
    ...(t.pick.ok ? {name: t.pick.choice.name, nameFrom: t.pick.choice.via} : {nameUnknown: t.pick.reason}),
    ...(lookup ? {answers: answers(lookup)} : {}),
    ...(failure ? {error: failure.kind} : {}),
    ...(t.context ? {context: t.context} : {}),
    ...(t.live?.ok ? {live: {addresses: t.live.service.ingress, pinned: t.live.service.pinned, type: t.live.service.type, ports: t.live.service.ports}} : {}),
  }
}

export function clustersOf(model: DnsCheckModel, repo: readonly ClusterSummary[]): ClusterSummary[] {
  return model.targets.map((t) => {
    const base = repo.find((c) => c.name === t.cluster) ?? {name: t.cluster}
    return {...base, dns: dnsSummary(t)}
  })
}
