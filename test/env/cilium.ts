// Cilium pinned in testenv/cilium/go.mod, as scripts/testenv-cilium.sh installs it into the testenv cache:
//   <cache>/cilium-<version>/crds/{v2,v2alpha1}/*.yaml   Cilium's own CRDs (pkg/k8s/apis/cilium.io/client/crds)
//   <cache>/cilium-<version>/clustermesh-apiserver       the real binary (clustermesh, kvstoremesh, etcdinit, *-dbg)
import {execFile} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {parseAllDocuments, stringify} from 'yaml'
import {binary, findBinary, REPO_ROOT} from './binaries.js'
import type {Cluster} from './cluster.js'
import type {MtlsEtcd} from './etcd.js'
import {requestJson} from './http.js'
import {writeKubeconfig} from './kubeconfig.js'
import type {CertKeyPair} from './pki.js'
import {freePort, LOOPBACK} from './ports.js'
import {type ServerProcess, spawnServer, waitReady} from './processes.js'
import {makeTmpDir, writePrivate} from './tmp.js'

export function ciliumVersion(): string {
  const mod = fs.readFileSync(path.join(REPO_ROOT, 'testenv/cilium/go.mod'), 'utf8')
  const m = /^\s*(?:require\s+)?github\.com\/cilium\/cilium (v\S+)/m.exec(mod)
  if (!m) throw new Error('testenv/cilium/go.mod does not pin github.com/cilium/cilium')
  return m[1]!
}

export function ciliumDir(): string {
  const root = process.env.KUBECTL_MESH_TESTENV ?? path.join(os.homedir(), '.cache/kubectl-mesh/testenv')
  return path.join(root, `cilium-${ciliumVersion()}`)
}

const crdDir = () => path.join(ciliumDir(), 'crds')

export const ciliumCrdsInstalled = (): boolean => fs.existsSync(path.join(crdDir(), '.complete'))

export function clustermeshApiserverBinary(): string | undefined {
  const bin = path.join(ciliumDir(), 'clustermesh-apiserver')
  try {
    fs.accessSync(bin, fs.constants.X_OK)
    return bin
  } catch {
    return undefined
  }
}

export type CrdDocument = {metadata: {name: string}; spec: {group: string; names: {kind: string; plural: string}; scope: string; versions: {name: string; served: boolean}[]}} & Record<string, unknown>

let cached: CrdDocument[] | undefined

/** Every CRD Cilium ships (v2 and v2alpha1 directories), as the module has them. */
export function ciliumCrds(): CrdDocument[] {
  if (cached) return cached
  if (!ciliumCrdsInstalled()) throw new Error(`testenv: Cilium ${ciliumVersion()} CRDs not in ${crdDir()}; run \`npm run testenv\` (scripts/testenv-cilium.sh)`)
  const docs: CrdDocument[] = []
  for (const version of ['v2', 'v2alpha1']) {
    const dir = path.join(crdDir(), version)
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort()) {
      for (const doc of parseAllDocuments(fs.readFileSync(path.join(dir, file), 'utf8'))) {
        const crd = doc.toJS() as CrdDocument | null
        if (crd?.metadata?.name) docs.push(crd)
      }
    }
  }
  cached = docs
  return docs
}

/** Creates CRDs and waits until the API server serves every served version of each, and lists them. */
export async function installCustomResources(cluster: Cluster, crds: CrdDocument[], timeoutMs = 60_000): Promise<void> {
  for (const crd of crds) {
    const r = await cluster.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd)
    if (r.status !== 201 && r.status !== 409) throw new Error(`install CRD ${crd.metadata.name}: HTTP ${r.status} ${JSON.stringify(r.body)}`)
  }
  const wanted = new Map<string, Set<string>>()
  for (const crd of crds) {
    for (const v of crd.spec.versions.filter((x) => x.served)) {
      const gv = `/apis/${crd.spec.group}/${v.name}`
      if (!wanted.has(gv)) wanted.set(gv, new Set())
      wanted.get(gv)!.add(crd.spec.names.kind)
    }
  }
  const deadline = Date.now() + timeoutMs
  for (const [gv, kinds] of wanted) {
    for (;;) {
      const r = await cluster.request('GET', gv)
      const served = new Set(((r.body as {resources?: {kind: string}[]})?.resources ?? []).map((x) => x.kind))
      if (r.status === 200 && [...kinds].every((k) => served.has(k)) && (await listable(cluster, gv, r.body, kinds))) break
      if (Date.now() > deadline) throw new Error(`CRDs not served at ${gv}: HTTP ${r.status}; missing ${[...kinds].filter((k) => !served.has(k)).join(', ')}`)
      await new Promise((res) => setTimeout(res, 100))
    }
  }
}

/** Cilium's CRDs into a test kube-apiserver: all of them, or those named (`<plural>.cilium.io`). */
export function installCiliumCrds(cluster: Cluster, names?: string[]): Promise<void> {
  const all = ciliumCrds()
  const chosen = names ? names.map((n) => all.find((c) => c.metadata.name === n) ?? missing(n)) : all
  return installCustomResources(cluster, chosen)
}

const missing = (name: string): never => {
  throw new Error(`Cilium ${ciliumVersion()} has no CRD ${name}`)
}

// Right after a CRD is established its storage may still answer 429 "storage is (re)initializing".
async function listable(cluster: Cluster, gv: string, discovery: unknown, kinds: Set<string>): Promise<boolean> {
  const resources = ((discovery as {resources?: {name: string; kind: string; namespaced: boolean}[]}).resources ?? []).filter((r) => !r.name.includes('/') && kinds.has(r.kind))
  for (const r of resources) {
    const list = await cluster.request('GET', `${gv}/${r.name}`)
    if (list.status !== 200) return false
  }
  return true
}

// --- the real clustermesh-apiserver ---------------------------------------------------------------------------

/** The etcd member name the chart gives the sidecar and the init container (--etcd-cluster-name). */
export const ETCD_MEMBER_NAME = 'clustermesh-apiserver'

export interface EtcdinitResult {
  dataDir: string // an etcd data dir with Cilium's users, roles and auth enabled; serve it with startMtlsEtcd({dataDir, memberName})
  memberName: string
  log: string
}

/**
 * `clustermesh-apiserver etcdinit`, as the chart's etcd-init container runs it: it wipes the data dir, starts
 * /usr/bin/etcd on http://localhost:2379 (both fixed in Cilium), creates root, admin-<name>, local-<name> and remote
 * with their roles, and enables auth. The fixed binary path and port are met inside private mount and network
 * namespaces (unshare): the harness's etcd is bind-mounted as /usr/bin, loopback is brought up, the host's 2379
 * is never touched.
 */
export async function etcdinit(clusterName: string, token = 'kubectl-mesh-test'): Promise<EtcdinitResult> {
  const bin = clustermeshApiserverBinary()
  if (!bin) throw new Error(`testenv: clustermesh-apiserver not built in ${ciliumDir()}; run \`npm run testenv\``)
  const ip = findBinary('ip')
  if (!ip) throw new Error('testenv: etcdinit needs `ip` (iproute2) to bring up loopback in its network namespace')
  const dir = makeTmpDir(`etcdinit-${clusterName}`)
  const usrBin = path.join(dir, 'usr-bin')
  const dataDir = path.join(dir, 'data')
  fs.mkdirSync(usrBin)
  fs.mkdirSync(dataDir, {mode: 0o700})
  fs.symlinkSync(fs.realpathSync(binary('etcd')), path.join(usrBin, 'etcd'))
  const q = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`
  const script = [
    `${q(ip)} link set lo up`,
    `mount --bind ${q(usrBin)} /usr/bin`,
    `exec ${[bin, 'etcdinit', `--etcd-data-dir=${dataDir}`, `--etcd-cluster-name=${ETCD_MEMBER_NAME}`, `--etcd-initial-cluster-token=${token}`, `--cluster-name=${clusterName}`, '--timeout=60s'].map(q).join(' ')}`,
  ].join(' && ')
  // Root needs no user namespace; anyone else maps themselves to root in one (unprivileged user namespaces).
  const ns = process.getuid?.() === 0 ? ['--mount', '--net'] : ['--user', '--map-root-user', '--mount', '--net']
  const log = await new Promise<string>((resolve, reject) => {
    execFile('unshare', [...ns, '--', '/bin/sh', '-c', script], {timeout: 90_000}, (error, stdout, stderr) => {
      const out = `${stdout}${stderr}`
      if (error) reject(new Error(`testenv: clustermesh-apiserver etcdinit failed (${error.message.split('\n')[0]}):\n${out.split('\n').slice(-25).join('\n')}`))
      else resolve(out)
    })
  })
  if (!/Etcd init completed/.test(log)) throw new Error(`testenv: etcdinit did not complete:\n${log}`)
  return {dataDir, memberName: ETCD_MEMBER_NAME, log}
}

export interface ClustermeshApiserver {
  process: ServerProcess
  healthUrl: string
  etcdConfigFile: string
  stop(): Promise<void>
}

export interface ClustermeshApiserverOptions {
  clusterName: string
  clusterId: number
  cluster: Cluster // the kube-apiserver it watches (install Cilium's CRDs first)
  etcd: MtlsEtcd // the etcd it writes to (etcdinit's users: the client should be CN=admin-<clusterName>)
  client: CertKeyPair
  extraArgs?: string[]
}

/** `clustermesh-apiserver clustermesh` with the chart's arguments, against a test kube-apiserver and etcd. */
export async function startClustermeshApiserver(o: ClustermeshApiserverOptions): Promise<ClustermeshApiserver> {
  const dir = makeTmpDir(`clustermesh-apiserver-${o.clusterName}`)
  const etcdConfigFile = writePrivate(
    dir,
    'etcd-config.yaml',
    stringify({
      endpoints: [o.etcd.url],
      'trusted-ca-file': writePrivate(dir, 'ca.crt', o.etcd.caPem),
      'cert-file': writePrivate(dir, 'tls.crt', o.client.cert),
      'key-file': writePrivate(dir, 'tls.key', o.client.key),
    }),
  )
  const healthPort = await freePort()
  const healthUrl = `http://${LOOPBACK}:${healthPort}`
  const proc = spawnServer(`clustermesh-apiserver-${o.clusterName}`, binary('clustermesh-apiserver'), [
    'clustermesh',
    `--cluster-name=${o.clusterName}`,
    `--cluster-id=${o.clusterId}`,
    `--kvstore-opt=etcd.config=${etcdConfigFile}`,
    '--kvstore-opt=etcd.qps=20',
    '--kvstore-opt=etcd.bootstrapQps=10000',
    `--k8s-kubeconfig-path=${writeKubeconfig([o.cluster])}`,
    `--health-port=${healthPort}`,
    '--enable-gops=false',
    ...(o.extraArgs ?? []),
  ])
  const stop = () => proc.stop()
  await waitReady(proc, `clustermesh-apiserver ${o.clusterName}`, async () => (await requestJson(`${healthUrl}/readyz`, {timeoutMs: 1000})).status === 200, 90_000)
  return {process: proc, healthUrl, etcdConfigFile, stop}
}
