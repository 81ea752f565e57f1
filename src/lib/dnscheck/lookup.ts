// Looking a name up as a peer's resolver would: A and AAAA, with TTLs; and reading the outcome back.
import {type DnsErrorKind, probeDns} from '../probe/index.js'
import type {Lookup} from './types.js'

export async function lookupName(name: string, server: string | undefined, timeoutMs: number): Promise<Lookup> {
  const query = {name, timeoutMs, ...(server ? {server} : {})}
  const [a, aaaa] = await Promise.all([probeDns({...query, type: 'A'}), probeDns({...query, type: 'AAAA'})])
  return {name, ...(server ? {server} : {}), a, aaaa}
}

export interface Answer {
  type: 'A' | 'AAAA'
  address: string
  ttl: number
}

export function answers(l: Lookup): Answer[] {
  return [l.a, l.aaaa].flatMap((r) => (r.ok ? r.addresses.map(({address, ttl}) => ({type: r.type, address, ttl})) : []))
}

// When neither type has an answer, the most telling failure names it: a name that does not exist beats a
// server failure, which beats a time-out; "no data" only when the name exists with neither type.
const PRECEDENCE: DnsErrorKind[] = ['NXDOMAIN', 'SERVFAIL', 'REFUSED', 'TIMEOUT', 'ERROR', 'NODATA']

/** undefined when the name resolved (A or AAAA). */
export function lookupFailure(l: Lookup): {kind: DnsErrorKind; message: string} | undefined {
  if (answers(l).length > 0) return undefined
  const failures = [l.a, l.aaaa].flatMap((r) => (r.ok ? [] : [r]))
  // Both ok with empty answers cannot come from c-ares, but be exact about it anyway.
  if (failures.length === 0) return {kind: 'NODATA', message: `${l.name} has no A or AAAA record`}
  const worst = failures.sort((x, y) => PRECEDENCE.indexOf(x.error) - PRECEDENCE.indexOf(y.error))[0]
  const message = worst.error === 'NODATA' ? `${l.name} exists but has no A or AAAA record` : worst.message
  return {kind: worst.error, message}
}

/** "A 10.0.0.1 (ttl 300s)" / "AAAA: NXDOMAIN", one line per record type, for details and the table. */
export function describeLookup(l: Lookup): string[] {
  return [l.a, l.aaaa].map((r) =>
    r.ok
      ? `${r.type} ${r.addresses.map((x) => `${x.address} (ttl ${x.ttl}s)`).join(', ')}`
      : `${r.type}: ${r.error === 'NODATA' ? 'no record' : r.error} (${r.message})`,
  )
}

export const resolverLabel = (server?: string) => (server ? `resolver ${server}` : 'the system resolver (/etc/resolv.conf)')
