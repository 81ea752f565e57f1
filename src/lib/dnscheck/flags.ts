// dns-check's own flags, checked before anything is read: --name CLUSTER=FQDN and --resolver IP[:PORT].
import net from 'node:net'
import {UsageError} from '../cli/errors.js'

const LABEL = /^[a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9_])?$/i

export function parseNames(values: readonly string[] = []): Map<string, string> {
  const names = new Map<string, string>()
  for (const raw of values.flatMap((v) => v.split(','))) {
    const entry = raw.trim()
    if (!entry) continue
    const eq = entry.indexOf('=')
    const cluster = entry.slice(0, Math.max(eq, 0)).trim()
    const fqdn = entry.slice(eq + 1).trim().replace(/\.$/, '')
    if (eq <= 0 || !cluster || !fqdn) throw new UsageError(`--name "${entry}": expected CLUSTER=FQDN`)
    if (net.isIP(fqdn) || !fqdn.split('.').every((l) => LABEL.test(l)))
      throw new UsageError(`--name "${entry}": "${fqdn}" is not a DNS name`)
    if (names.has(cluster) && names.get(cluster) !== fqdn) throw new UsageError(`--name: two names for ${cluster}`)
    names.set(cluster, fqdn)
  }
  return names
}

const validPort = (p?: string) => p === undefined || (/^\d+$/.test(p) && Number(p) > 0 && Number(p) < 65536)

/** "ip", "ip:port" or "[v6]:port", as node:dns setServers takes them. */
export function checkResolver(value: string | undefined): string | undefined {
  if (value === undefined) return undefined
  const v = value.trim()
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(v)
  const ok = bracketed
    ? net.isIPv6(bracketed[1]) && validPort(bracketed[2])
    : net.isIP(v) !== 0 || (v.split(':').length === 2 && net.isIPv4(v.split(':')[0]) && validPort(v.split(':')[1]))
  if (!ok) throw new UsageError(`--resolver "${value}": expected IP, IP:PORT or [IPv6]:PORT`)
  return v
}
