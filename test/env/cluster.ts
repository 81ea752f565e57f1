// A real control plane on loopback: plain etcd + kube-apiserver with RBAC, client-certificate authentication
// (a CA minted per cluster), service-account keys, secure port only. No controllers, no nodes: enough for
// reads, writes and RBAC decisions, started in seconds.
import {binary} from './binaries.js'
import {type EtcdServer, startEtcd} from './etcd.js'
import {requestJson} from './http.js'
import {type CertificateAuthority, issueCert, mintCA, mintServiceAccountKeys} from './pki.js'
import {freePort, LOOPBACK, withPortRetry} from './ports.js'
import {type ServerProcess, spawnServer, waitReady} from './processes.js'
import {makeTmpDir, removeTmpDir, writePrivate} from './tmp.js'

const START_TIMEOUT_MS = 90_000

export interface Identity {
  name: string // CN, the Kubernetes user name
  groups: string[] // O=, the Kubernetes groups
  cert: string
  key: string
}

export interface Cluster {
  name: string
  url: string
  ca: CertificateAuthority
  caPem: string // what clients trust (the serving certificate is issued by this CA)
  admin: Identity // CN=kubectl-mesh-admin, O=system:masters
  etcd: EtcdServer
  process: ServerProcess
  mintUser(name: string, groups?: string[]): Promise<Identity>
  // Raw request through the harness's own client (admin by default), to seed objects or grant rights.
  request(method: string, path: string, body?: unknown, as?: Identity): Promise<{status: number; body: unknown}>
  // A Role (or ClusterRole without namespace) with these rules, bound to user.
  grant(user: string, rules: {apiGroups?: string[]; resources: string[]; verbs: string[]}[], namespace?: string): Promise<void>
  stop(): Promise<void>
}

// Admission plugins that need controllers we do not run, or only slow start-up.
const DISABLED_ADMISSION = [
  'ServiceAccount',
  'ResourceQuota',
  'LimitRanger',
  'PodSecurity',
  'Priority',
  'DefaultStorageClass',
  'DefaultIngressClass',
  'DefaultTolerationSeconds',
  'StorageObjectInUseProtection',
  'PersistentVolumeClaimResize',
  'RuntimeClass',
  'TaintNodesByCondition',
  'MutatingAdmissionWebhook',
  'ValidatingAdmissionWebhook',
  'ValidatingAdmissionPolicy',
]

export async function startCluster(name = 'kube'): Promise<Cluster> {
  const etcd = await startEtcd(`${name}-etcd`)
  try {
    return await withPortRetry(() => startApiserver(name, etcd))
  } catch (error) {
    await etcd.stop()
    throw error
  }
}

export function startClusters(n: number, prefix = 'cluster'): Promise<Cluster[]> {
  return Promise.all(Array.from({length: n}, (_, i) => startCluster(`${prefix}-${i + 1}`)))
}

async function startApiserver(name: string, etcd: EtcdServer): Promise<Cluster> {
  const ca = await mintCA(`${name} CA`)
  const serving = await issueCert(ca, {cn: 'kube-apiserver', dnsNames: ['localhost', 'kubernetes.default.svc'], ips: [LOOPBACK], usage: 'server'})
  const sa = await mintServiceAccountKeys()
  const mintUser = async (user: string, groups: string[] = []): Promise<Identity> => ({
    name: user,
    groups,
    ...(await issueCert(ca, {cn: user, organizations: groups, usage: 'client'})),
  })
  const admin = await mintUser('kubectl-mesh-admin', ['system:masters'])

  const dir = makeTmpDir(`${name}-apiserver`)
  const port = await freePort()
  const url = `https://${LOOPBACK}:${port}`
  const proc = spawnServer(`${name}-apiserver`, binary('kube-apiserver'), [
    `--etcd-servers=${etcd.url}`,
    `--bind-address=${LOOPBACK}`,
    `--advertise-address=${LOOPBACK}`,
    `--secure-port=${port}`,
    `--cert-dir=${dir}`,
    `--tls-cert-file=${writePrivate(dir, 'serving.crt', serving.cert)}`,
    `--tls-private-key-file=${writePrivate(dir, 'serving.key', serving.key)}`,
    `--client-ca-file=${writePrivate(dir, 'client-ca.crt', ca.cert)}`,
    '--authorization-mode=RBAC',
    `--service-account-key-file=${writePrivate(dir, 'sa.pub', sa.publicKey)}`,
    `--service-account-signing-key-file=${writePrivate(dir, 'sa.key', sa.privateKey)}`,
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    '--service-cluster-ip-range=10.96.0.0/16',
    '--enable-priority-and-fairness=false',
    '--endpoint-reconciler-type=none',
    `--disable-admission-plugins=${DISABLED_ADMISSION.join(',')}`,
    '--profiling=false',
  ])
  const tlsFor = (who: Identity) => ({ca: ca.cert, cert: who.cert, key: who.key})
  const request = (method: string, path: string, body?: unknown, as: Identity = admin) =>
    requestJson(`${url}${path}`, {method, body, tls: tlsFor(as), timeoutMs: 15_000})

  const stop = async () => {
    await proc.stop()
    removeTmpDir(dir)
    await etcd.stop()
  }
  try {
    await waitReady(proc, `kube-apiserver ${name} at ${url}`, async () => (await requestJson(`${url}/readyz`, {tls: tlsFor(admin), timeoutMs: 2000})).status === 200, START_TIMEOUT_MS)
  } catch (error) {
    await proc.stop()
    removeTmpDir(dir)
    throw error
  }

  const grant: Cluster['grant'] = async (user, rules, namespace) => {
    const ruleObjects = rules.map((r) => ({apiGroups: r.apiGroups ?? [''], resources: r.resources, verbs: r.verbs}))
    const roleName = `testenv-${user}-${Math.random().toString(36).slice(2, 8)}`
    const scope = namespace ? `/namespaces/${namespace}` : ''
    const [roleKind, bindingKind] = namespace ? ['Role', 'RoleBinding'] : ['ClusterRole', 'ClusterRoleBinding']
    const plural = (kind: string) => `${kind.toLowerCase()}s`
    const created = [
      await request('POST', `/apis/rbac.authorization.k8s.io/v1${scope}/${plural(roleKind)}`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: roleKind,
        metadata: {name: roleName, ...(namespace ? {namespace} : {})},
        rules: ruleObjects,
      }),
      await request('POST', `/apis/rbac.authorization.k8s.io/v1${scope}/${plural(bindingKind)}`, {
        apiVersion: 'rbac.authorization.k8s.io/v1',
        kind: bindingKind,
        metadata: {name: roleName, ...(namespace ? {namespace} : {})},
        roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: roleKind, name: roleName},
        subjects: [{apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user}],
      }),
    ]
    const bad = created.find((r) => r.status !== 201)
    if (bad) throw new Error(`testenv: grant ${user}: HTTP ${bad.status} ${JSON.stringify(bad.body)}`)
  }

  return {name, url, ca, caPem: ca.cert, admin, etcd, process: proc, mintUser, request, grant, stop}
}
