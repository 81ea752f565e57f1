// dnsmasq on 127.0.0.1:<free port> answering only the records a test declares (NXDOMAIN for every other
// name: no upstream, no /etc/hosts), with the TTLs it declares — a stand-in for --resolver targets.
import {binary} from './binaries.js'
import {freePort, LOOPBACK, withPortRetry} from './ports.js'
import {type ServerProcess, spawnServer, waitReady} from './processes.js'
import net from 'node:net'

const START_TIMEOUT_MS = 10_000

export type DnsRecord =
  | {name: string; a: string | string[]; ttl?: number} // A (and AAAA when the address is IPv6)
  | {name: string; cname: string; ttl?: number}

export interface DnsServer {
  host: string
  port: number
  server: string // "127.0.0.1:port", what --resolver takes
  process: ServerProcess
  stop(): Promise<void>
}

export function startDnsmasq(records: DnsRecord[]): Promise<DnsServer> {
  return withPortRetry(() => launch(records))
}

async function launch(records: DnsRecord[]): Promise<DnsServer> {
  const port = await freePort({udp: true})
  const proc = spawnServer('dnsmasq', binary('dnsmasq'), [
    '--keep-in-foreground',
    '--conf-file=/dev/null',
    '--no-resolv',
    '--no-hosts',
    '--no-poll',
    `--listen-address=${LOOPBACK}`,
    '--bind-interfaces',
    `--port=${port}`,
    '--pid-file=', // none
    '--log-facility=-',
    '--local=/#/', // every name is local: undeclared ones get NXDOMAIN, never forwarded
    ...(process.getuid?.() === 0 ? ['--user=nobody'] : []),
    ...records.flatMap(recordArgs),
  ])
  const stop = () => proc.stop()
  try {
    await waitReady(proc, `dnsmasq on ${LOOPBACK}:${port}`, () => tcpOpen(port), START_TIMEOUT_MS)
  } catch (error) {
    await stop()
    throw error
  }
  return {host: LOOPBACK, port, server: `${LOOPBACK}:${port}`, process: proc, stop}
}

function recordArgs(record: DnsRecord): string[] {
  const ttl = record.ttl === undefined ? '' : `,${record.ttl}`
  if ('cname' in record) return [`--cname=${record.name},${record.cname}${ttl}`]
  const addresses = Array.isArray(record.a) ? record.a : [record.a]
  return addresses.map((address) => `--host-record=${record.name},${address}${ttl}`)
}

function tcpOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({host: LOOPBACK, port}, () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })
}
