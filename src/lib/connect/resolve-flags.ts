// --resolve overrides, like curl's: HOST=IP[,IP…], or curl's own HOST:PORT:IP[,IP…] (the port is ignored:
// one name means one set of addresses here). Wrong input is a usage error.
import net from 'node:net'
import {UsageError} from '../cli/errors.js'

export function parseResolveFlags(values: readonly string[] = []): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const value of values) {
    const eq = value.indexOf('=')
    let host: string
    let list: string
    if (eq > 0) {
      host = value.slice(0, eq)
      list = value.slice(eq + 1)
    } else {
      const curl = /^([^:]+):(\d+):(.+)$/.exec(value)
      if (!curl) throw new UsageError(`--resolve: "${value}" is not HOST=IP (or curl's HOST:PORT:IP)`)
      host = curl[1]
      list = curl[3]
    }
    const addresses = list.split(',').map((a) => a.trim().replace(/^\[(.*)\]$/, '$1'))
    const bad = addresses.filter((a) => net.isIP(a) === 0)
    if (!host || addresses.length === 0 || bad.length > 0) {
      throw new UsageError(`--resolve: "${value}": ${bad.length ? `${bad.join(', ')} is not an IP address` : 'give a host and an address'}`)
    }
    out.set(host.toLowerCase(), addresses)
  }
  return out
}

/** --resolver IP[:PORT] (IPv6 as [addr]:port): the DNS server to ask instead of the system's. */
export function parseResolver(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const v6 = /^\[([^\]]+)\](?::(\d+))?$/.exec(value)
  const [host, port] = v6 ? [v6[1], v6[2]] : value.includes(':') && net.isIPv4(value.split(':')[0]) ? value.split(':') : [value, undefined]
  const portOk = port === undefined || (/^\d+$/.test(port) && Number(port) > 0 && Number(port) < 65536)
  if (net.isIP(host) === 0 || !portOk) throw new UsageError(`--resolver: "${value}" is not IP[:PORT]`)
  return value
}
