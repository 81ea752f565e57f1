// A small mesh for connect-check tests: clustermesh-apiserver stand-ins (etcd with mutual TLS, one mesh CA)
// holding cilium/cluster-config/<name> and cilium/.heartbeat; agent-style config dirs in tmp dirs; and a
// way to run the real command and read its JSON report and exit code.
import {captureOutput} from '@oclif/test'
import fs from 'node:fs'
import path from 'node:path'
import {stringify} from 'yaml'
import ConnectCheck from '../../src/commands/connect-check.js'
import type {Report} from '../../src/lib/report/types.js'
import {type CertificateAuthority, type CertKeyPair, CLUSTERMESH_SERVER_NAMES, issueCert, LOOPBACK, makeTmpDir, type MtlsEtcd, REPO_ROOT, startMtlsEtcd} from '../env/index.js'

export const MESH_DOMAIN = 'mesh.test' // names dnsmasq answers in these tests

export interface PeerServer {
  name: string
  id: number
  etcd: MtlsEtcd
}

export interface PeerOptions {
  id: number
  heartbeat?: Date | null // null: none written
  serverCert?: CertKeyPair // default: from the mesh CA for the clustermesh names, *.mesh.test and 127.0.0.1
  clusterConfig?: string // raw value instead of {"id": id, …}
}

export async function startPeer(ca: CertificateAuthority, name: string, options: PeerOptions): Promise<PeerServer> {
  const serverCert =
    options.serverCert ??
    (await issueCert(ca, {cn: CLUSTERMESH_SERVER_NAMES[0], dnsNames: [...CLUSTERMESH_SERVER_NAMES, `*.${MESH_DOMAIN}`], ips: [LOOPBACK], usage: 'both'}))
  const etcd = await startMtlsEtcd({name: `cm-${name}`, serverCA: ca, serverCert})
  const config = options.clusterConfig ?? JSON.stringify({id: options.id, capabilities: {syncedCanaries: true, cached: false, maxConnectedClusters: 255}})
  await etcd.put(`cilium/cluster-config/${name}`, config)
  if (options.heartbeat !== null) await etcd.putHeartbeat(options.heartbeat ?? new Date())
  return {name, id: options.id, etcd}
}

/** The etcd config the chart renders for a peer (common client certificate, one endpoint). */
export function etcdConfig(endpoint: string, extra: Record<string, unknown> = {}): string {
  return stringify({
    endpoints: [endpoint],
    'trusted-ca-file': '/var/lib/cilium/clustermesh/common-etcd-client-ca.crt',
    'key-file': '/var/lib/cilium/clustermesh/common-etcd-client.key',
    'cert-file': '/var/lib/cilium/clustermesh/common-etcd-client.crt',
    ...extra,
  })
}

export const endpointOf = (host: string, port: number) => `https://${host}:${port}`

/** An agent-style directory: peer configs by name plus the common client certificate and CA. */
export function writeConfigDir(configs: Record<string, string>, client: CertKeyPair, caPem: string, extra: Record<string, string> = {}): string {
  const dir = makeTmpDir('clustermesh-dir')
  const files: Record<string, string> = {
    ...configs,
    'common-etcd-client.crt': client.cert,
    'common-etcd-client.key': client.key,
    'common-etcd-client-ca.crt': caPem,
    ...extra,
  }
  for (const [name, content] of Object.entries(files)) writeFile(dir, name, content)
  return dir
}

function writeFile(dir: string, name: string, content: string): void {
  fs.writeFileSync(path.join(dir, name), content, {mode: 0o600})
}

export interface Run {
  code: number
  stdout: string
  stderr: string
  error?: string
  report?: Report
}

/** Runs `kubectl mesh connect-check ARGS` in-process; JSON on stdout is parsed when -o json was asked. */
export async function connectCheck(args: string[]): Promise<Run> {
  const out = await captureOutput(() => ConnectCheck.run(args, REPO_ROOT))
  const error = out.error as (Error & {exitCode?: number; oclif?: {exit?: number}}) | undefined
  const code = error ? (error.exitCode ?? error.oclif?.exit ?? 2) : 0
  const wantsJson = args.some((a, i) => (a === '-o' || a === '--output') && args[i + 1] === 'json')
  return {code, stdout: out.stdout, stderr: out.stderr, ...(error?.message ? {error: error.message} : {}), ...(wantsJson && out.stdout.trim() ? {report: JSON.parse(out.stdout) as Report} : {})}
}

/** Ids of the findings for one (source, peer), sorted. */
export const firedFor = (report: Report, peer: string, cluster?: string) =>
  report.findings.filter((f) => f.peer === peer && (cluster === undefined || f.cluster === cluster)).map((f) => f.id).sort()

export const resultOf = (report: Report, id: string, peer: string, cluster?: string) =>
  report.results.find((r) => r.id === id && r.peer === peer && (cluster === undefined || r.cluster === cluster))
