// Helpers of the dns-check tests: the good three-cluster mesh of test/mesh with its DNS records, a run of the
// dns-check pipeline on a built model, and a validating resolver that answers SERVFAIL (DNSSEC bogus).
import net from 'node:net'
import type {Selection} from '../../src/lib/checks/registry.js'
import type {Gathered} from '../../src/lib/cli/report-command.js'
import {runDnsCheck} from '../../src/lib/dnscheck/run.js'
import type {ClusterClient} from '../../src/lib/kube/index.js'
import {type DnsRecord, type DnsServer, LOOPBACK, binary, freePort} from '../env/index.js'
import {spawnServer, waitReady} from '../env/processes.js'
import {type MeshInput, renderMesh} from '../mesh/fixture.js'
import {buildMeshModel} from '../../src/lib/mesh/index.js'

export {brief, lineOf, settingsLine, settingsPath} from '../mesh/fixture.js'
export {HELMRELEASE, helmRelease, mesh, PEERS, POOL, SHARED} from '../mesh/good-mesh.js'

/** The records that make the good mesh healthy: each FQDN setting to its pinned LB address. */
export const GOOD_RECORDS: DnsRecord[] = [
  {name: 'clustermesh-infra.example.io', a: '10.25.11.100', ttl: 300},
  {name: 'clustermesh-apps.example.io', a: '10.25.11.120', ttl: 300},
  {name: 'clustermesh-edge.example.io', a: '10.25.11.140', ttl: 300},
]

export const records = (change: Record<string, string | undefined>): DnsRecord[] => [
  ...GOOD_RECORDS.filter((r) => !(r.name in change)),
  ...Object.entries(change).flatMap(([name, a]) => (a ? [{name, a, ttl: 60}] : [])),
]

export interface RunInput {
  mesh?: MeshInput
  resolver?: string
  clients?: ClusterClient[]
  names?: Record<string, string>
  dnsTimeoutMs?: number
  selection?: Selection
}

function repository(input: MeshInput) {
  const repo = renderMesh(input)
  return {repo, model: buildMeshModel(repo)}
}

export function dnsCheck(input: RunInput): Promise<Gathered> {
  return runDnsCheck({
    ...(input.mesh ? {repository: repository(input.mesh)} : {}),
    clients: input.clients ?? [],
    names: new Map(Object.entries(input.names ?? {})),
    ...(input.resolver ? {resolver: input.resolver} : {}),
    dnsTimeoutMs: input.dnsTimeoutMs ?? 2000,
    selection: input.selection ?? {},
  })
}

/** "id cluster status" of every DNS (and CM301) result, sorted; the repository input checks are left out. */
export const statuses = (g: Gathered) =>
  g.results.filter((r) => !r.id.startsWith('CM0')).map((r) => `${r.id} ${r.cluster ?? ''}${r.peer ? `>${r.peer}` : ''} ${r.status}`).sort()

/**
 * A DNSSEC-validating dnsmasq forwarding to `upstream`: the unsigned answers upstream gives cannot be validated
 * against the root trust anchor, so every forwarded name is SERVFAIL — a broken-DNSSEC resolver, for real.
 */
export async function startValidatingResolver(upstream: DnsServer): Promise<string> {
  const port = await freePort({udp: true})
  const proc = spawnServer('dnsmasq-dnssec', binary('dnsmasq'), [
    '--keep-in-foreground',
    '--conf-file=/dev/null',
    '--no-resolv',
    '--no-hosts',
    `--listen-address=${LOOPBACK}`,
    '--bind-interfaces',
    `--port=${port}`,
    '--pid-file=',
    '--log-facility=-',
    '--dnssec',
    // The root zone's KSK-2017 DS record, as in dnsmasq's trust-anchors.conf.
    '--trust-anchor=.,20326,8,2,E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D',
    '--dnssec-check-unsigned',
    `--server=${upstream.host}#${upstream.port}`,
    ...(process.getuid?.() === 0 ? ['--user=nobody'] : []),
  ])
  const open = () =>
    new Promise<boolean>((resolve) => {
      const s = net.connect({host: LOOPBACK, port}, () => {
        s.destroy()
        resolve(true)
      })
      s.once('error', () => resolve(false))
    })
  await waitReady(proc, `validating dnsmasq on ${LOOPBACK}:${port}`, open, 10_000)
  return `${LOOPBACK}:${port}`
}
