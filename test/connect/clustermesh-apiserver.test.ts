// connect-check --config-dir against a real clustermesh-apiserver, built from the Cilium version pinned in
// testenv/cilium/go.mod: `clustermesh-apiserver etcdinit` prepares the etcd data dir (users root, admin-<name>,
// local-<name>, remote; auth on) as the chart's init container does, the harness's etcd serves it with mutual TLS
// as the sidecar does, and `clustermesh-apiserver clustermesh` against a real kube-apiserver with Cilium's CRDs
// writes cilium/cluster-config/<name> and cilium/.heartbeat itself. No stand-in data anywhere.
import {strict as assert} from 'node:assert'
import {
  type CertKeyPair,
  type CertificateAuthority,
  type ClustermeshApiserver,
  CLUSTERMESH_SERVER_NAMES,
  type Cluster,
  etcdinit,
  installCiliumCrds,
  issueCert,
  LOOPBACK,
  mintCA,
  type MtlsEtcd,
  requireBinaries,
  startCluster,
  startClustermeshApiserver,
  startMtlsEtcd,
  useTestEnv,
} from '../env/index.js'
import {connectCheck, endpointOf, etcdConfig, firedFor, resultOf, writeConfigDir} from './fixture.js'

const NAME = 'east'
const ID = 7

describe('connect-check --config-dir against a real clustermesh-apiserver (etcdinit + clustermesh)', function () {
  this.timeout(60_000)
  useTestEnv()
  let ca: CertificateAuthority
  let etcd: MtlsEtcd
  let kube: Cluster
  let apiserver: ClustermeshApiserver
  let remote: CertKeyPair

  before(async function () {
    requireBinaries(this, ['etcd', 'kube-apiserver', 'cilium-crds', 'clustermesh-apiserver'])
    this.timeout(180_000)
    ca = await mintCA('Cilium CA')
    const init = await etcdinit(NAME)
    kube = await startCluster(`cm-${NAME}`)
    await installCiliumCrds(kube)
    const serverCert = await issueCert(ca, {cn: CLUSTERMESH_SERVER_NAMES[0], dnsNames: CLUSTERMESH_SERVER_NAMES, ips: [LOOPBACK], usage: 'both'})
    etcd = await startMtlsEtcd({name: `cm-${NAME}-etcd`, serverCA: ca, serverCert, dataDir: init.dataDir, memberName: init.memberName})
    // The chart's admin certificate: CN=admin-<cluster name>, the user etcdinit gave the root role.
    apiserver = await startClustermeshApiserver({clusterName: NAME, clusterId: ID, cluster: kube, etcd, client: await etcd.issueClient(`admin-${NAME}`)})
    remote = await etcd.issueClient('remote')
    await until(`cilium/cluster-config/${NAME}`, async () => (await etcd.get(`cilium/cluster-config/${NAME}`)) !== undefined, 30_000)
  })

  const until = async (what: string, done: () => Promise<boolean>, ms: number) => {
    const deadline = Date.now() + ms
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error(`clustermesh-apiserver wrote no ${what} in ${ms / 1000}s:\n${apiserver.process.logTail()}`)
      await new Promise((r) => setTimeout(r, 250))
    }
  }
  // A generous step timeout: this machine also runs kube-apiserver, two etcds and clustermesh-apiserver.
  const run = (dir: string) => connectCheck(['--config-dir', dir, '-o', 'json', '--step-timeout', '20s'])
  const cfg = () => etcdConfig(endpointOf(LOOPBACK, etcd.port))

  it('in its first minute there is no heartbeat yet: CM507 warns (saying why it may be missing), exit 0', async function () {
    // Cilium writes the first heartbeat HeartbeatWriteInterval (1 minute) after start.
    if ((await etcd.get('cilium/.heartbeat')) !== undefined) this.skip() // a very slow start: the minute is over
    const r = await run(writeConfigDir({[NAME]: cfg()}, remote, ca.cert))
    assert.deepEqual(firedFor(r.report!, NAME), ['CM507'], r.stdout)
    assert.equal(r.report!.findings[0].severity, 'warning')
    assert.match(r.report!.findings[0].message, /does not exist: .*or it started less than a minute ago/)
    assert.equal(resultOf(r.report!, 'CM506', NAME)?.status, 'pass')
    assert.equal(r.code, 0)
  })

  it('etcdinit made Cilium\'s users and turned auth on: a CN that is no user is refused (CM505)', async () => {
    const r = await run(writeConfigDir({[NAME]: cfg()}, await etcd.issueClient('intruder'), ca.cert))
    assert.deepEqual(firedFor(r.report!, NAME), ['CM505'], r.stdout)
    assert.match(r.report!.findings[0].message, /client CN "intruder"/)
  })

  it('clustermesh-apiserver wrote its cluster-config (id, capabilities), then a heartbeat within about a minute', async function () {
    this.timeout(120_000)
    await until('cilium/.heartbeat', async () => (await etcd.get('cilium/.heartbeat')) !== undefined, 90_000)
    const config = JSON.parse((await etcd.get(`cilium/cluster-config/${NAME}`))!) as {id: number; capabilities?: Record<string, unknown>}
    assert.equal(config.id, ID)
    assert.equal(config.capabilities?.syncedCanaries, true)
    assert.equal(config.capabilities?.maxConnectedClusters, 255)
    const heartbeat = (await etcd.get('cilium/.heartbeat'))!
    assert.match(heartbeat, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'RFC 3339, seconds, UTC')
    assert.ok(Math.abs(Date.now() - Date.parse(heartbeat)) < 2 * 60_000, heartbeat)
    const keys = await etcd.keys('cilium/')
    assert.ok(keys.includes(`cilium/synced/${NAME}/cilium/state/nodes/v1`), keys.join('\n'))
  })

  it('then passes CM502-CM507 for the remote user with Cilium\'s own data, exit 0', async () => {
    const r = await run(writeConfigDir({[NAME]: cfg()}, remote, ca.cert))
    assert.equal(r.code, 0, r.stdout)
    assert.deepEqual(r.report!.findings, [], r.stdout)
    assert.match(resultOf(r.report!, 'CM501', NAME)!.reason!, /IP address/, 'an IP endpoint: no DNS to ask')
    for (const id of ['CM502', 'CM503', 'CM504', 'CM505', 'CM506', 'CM507']) assert.equal(resultOf(r.report!, id, NAME)?.status, 'pass', id)
  })

  it('CM506: a config named for another cluster (the remote user may read only cluster-config/east)', async () => {
    const r = await run(writeConfigDir({west: cfg()}, remote, ca.cert))
    assert.deepEqual(firedFor(r.report!, 'west'), ['CM506'], r.stdout)
    assert.match(r.report!.findings[0].message, /permission denied: .*not named "west"/)
    assert.equal(resultOf(r.report!, 'CM505', 'west')?.status, 'pass')
    assert.equal(resultOf(r.report!, 'CM507', 'west')?.status, 'skip')
  })
})
