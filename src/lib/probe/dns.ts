// DNS step: resolve a name's A (or AAAA) records, with TTLs, through the system resolver or a given server.
import {Resolver} from 'node:dns/promises'
import net from 'node:net'
import {firstLine, since} from './failure.js'

export interface DnsQuery {
  name: string
  type?: 'A' | 'AAAA'
  server?: string // "ip", "ip:port", "[v6]:port"; default: the system's resolvers
  timeoutMs: number
}

export type DnsErrorKind = 'NXDOMAIN' | 'NODATA' | 'SERVFAIL' | 'REFUSED' | 'TIMEOUT' | 'ERROR'

export type DnsResult =
  | {ok: true; name: string; type: 'A' | 'AAAA'; server?: string; addresses: {address: string; ttl: number}[]; ms: number}
  | {ok: false; name: string; type: 'A' | 'AAAA'; server?: string; error: DnsErrorKind; message: string; ms: number}

const CODES: Record<string, DnsErrorKind> = {
  ENOTFOUND: 'NXDOMAIN',
  ENODATA: 'NODATA',
  ESERVFAIL: 'SERVFAIL',
  EREFUSED: 'REFUSED',
  ETIMEOUT: 'TIMEOUT',
  ECONNREFUSED: 'TIMEOUT', // c-ares reports an unanswered UDP query this way
  ECANCELLED: 'TIMEOUT',
}

export async function probeDns({name, type = 'A', server, timeoutMs}: DnsQuery): Promise<DnsResult> {
  const start = process.hrtime.bigint()
  const base = {name, type, ...(server ? {server} : {})}
  const failure = (error: DnsErrorKind, message: string): DnsResult => ({ok: false, ...base, error, message, ms: since(start)})

  // One try with the whole budget: c-ares would otherwise retry with backoff past our deadline.
  const resolver = new Resolver({timeout: Math.max(1, timeoutMs), tries: 1})
  if (server) {
    if (!isServerAddress(server)) return failure('ERROR', `resolver "${server}" is not an IP address with an optional port`)
    resolver.setServers([server])
  }

  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
  })
  try {
    const lookup = type === 'A' ? resolver.resolve4(name, {ttl: true}) : resolver.resolve6(name, {ttl: true})
    const answer = await Promise.race([lookup, deadline])
    if (answer === 'timeout') {
      resolver.cancel()
      return failure('TIMEOUT', `no answer for ${name} within ${timeoutMs}ms`)
    }
    return {ok: true, ...base, addresses: answer.map(({address, ttl}) => ({address, ttl})), ms: since(start)}
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? ''
    const kind = CODES[code] ?? 'ERROR'
    return failure(kind, describe(kind, name, type, code, error))
  } finally {
    clearTimeout(timer)
  }
}

function describe(kind: DnsErrorKind, name: string, type: string, code: string, error: unknown): string {
  switch (kind) {
    case 'NXDOMAIN':
      return `${name} does not exist (NXDOMAIN)`
    case 'NODATA':
      return `${name} exists but has no ${type} record`
    case 'SERVFAIL':
      return `the resolver failed to answer for ${name} (SERVFAIL)`
    case 'REFUSED':
      return `the resolver refused the query for ${name}`
    case 'TIMEOUT':
      return `no answer for ${name} (${code})`
    default:
      return firstLine((error as Error)?.message)
  }
}

function isServerAddress(server: string): boolean {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(server)
  if (bracketed) return net.isIPv6(bracketed[1]) && validPort(bracketed[2])
  if (net.isIP(server)) return true
  const [host, port, ...rest] = server.split(':')
  return rest.length === 0 && net.isIPv4(host) && validPort(port)
}

const validPort = (port?: string) => port === undefined || (/^\d+$/.test(port) && Number(port) > 0 && Number(port) < 65536)
