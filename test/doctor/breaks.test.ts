// Break one thing in a healthy three-cluster mesh (real kube-apiservers), run doctor, and check that exactly the
// check that should fire does, about the right cluster; then put the cluster back.
import {strict as assert} from 'node:assert'
import {issueCert, requireBinaries, useTestEnv} from '../env/index.js'
import {NS, apply, b64, cilium, core, setStatus} from './api.js'
import {mintMeshCA} from './ca.js'
import {agentPodObject, externalSecret, meshSecret, meshSecretData, seedMeshCluster, serviceObject} from './mesh.js'
import {startTestMesh, stopTestMesh, type TestMesh} from './setup.js'
import {findingOf, fired, statusOf} from './support.js'

describe('doctor: one thing broken at a time', function () {
  this.timeout(60_000)
  useTestEnv()
  let mesh: TestMesh
  let ctx: {alpha: string; beta: string; gamma: string}

  before(async function () {
    requireBinaries(this, ['etcd', 'kube-apiserver', 'cilium-crds'])
    this.timeout(240_000)
    mesh = await startTestMesh()
    ctx = {alpha: mesh.clusters[0].name, beta: mesh.clusters[1].name, gamma: mesh.clusters[2].name}
  })
  after(() => stopTestMesh(mesh))
  afterEach(async function () {
    this.timeout(60_000)
    mesh.remotes = (_s, _r, normal) => normal
    await Promise.all(mesh.clusters.map((c, i) => seedMeshCluster(c, mesh.specs[i])))
  })

  it('CM401: a cluster whose mesh CA is another one (same "Cilium CA" name, another key)', async () => {
    await seedMeshCluster(mesh.clusters[2], {...mesh.specs[2], ca: await mintMeshCA()})
    const g = await mesh.doctor()
    fired(g, ['CM401'])
    const f = findingOf(g, 'CM401', {cluster: ctx.gamma})
    assert.equal(f.severity, 'error')
    assert.match(f.message, /mesh CA of gamma \(context doctor-3\) is not alpha \(context doctor-1\)'s/)
    assert.ok(f.details?.every((d) => /CN=Cilium CA, SKI [0-9A-F:]+…/.test(d)), JSON.stringify(f.details))
  })

  it('CM402: two clusters with one cluster-id', async () => {
    await apply(mesh.clusters[2], core('configmaps'), {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'cilium-config', namespace: NS},
      data: {'cluster-name': 'gamma', 'cluster-id': '1', ipam: 'cluster-pool', 'cluster-pool-ipv4-cidr': '10.13.0.0/16'},
    })
    const g = await mesh.doctor()
    fired(g, ['CM402'])
    assert.match(findingOf(g, 'CM402', {cluster: ctx.gamma, peer: ctx.alpha}).message, /gamma \(context doctor-3\) and alpha \(context doctor-1\) both run cluster-id 1/)
  })

  it('CM403: PodCIDRs that overlap between two clusters (from CiliumNode spec.ipam.podCIDRs)', async () => {
    await apply(mesh.clusters[2], cilium('ciliumnodes'), {
      apiVersion: 'cilium.io/v2', kind: 'CiliumNode', metadata: {name: 'gamma-node-1'},
      spec: {ipam: {podCIDRs: ['10.11.1.128/25']}},
    })
    const g = await mesh.doctor()
    fired(g, ['CM403'])
    assert.match(findingOf(g, 'CM403', {cluster: ctx.gamma, peer: ctx.alpha}).message, /10\.11\.1\.128\/25 of gamma \(context doctor-3\) \(CiliumNode gamma-node-1 spec.ipam.podCIDRs\) overlaps 10\.11\.1\.0\/24 of alpha \(context doctor-1\)/)
  })

  it('CM404 and CM308: a mesh Secret that misses a peer (beta, with KVStoreMesh, drops alpha)', async () => {
    const {alpha: _, ...rest} = meshSecretData(mesh.specs[1], 'kvstoremesh')
    await apply(mesh.clusters[1], core('secrets'), meshSecret(mesh.specs[1], 'kvstoremesh', rest))
    const g = await mesh.doctor()
    fired(g, ['CM308', 'CM404'])
    assert.match(findingOf(g, 'CM404', {cluster: ctx.beta, peer: ctx.alpha}).message, /alpha \(context doctor-1\) lists beta in its mesh Secret, but beta \(context doctor-2\) has no entry for alpha/)
    assert.match(findingOf(g, 'CM308', {cluster: ctx.beta}).message, /cilium-kvstoremesh has no entry for alpha/)
  })

  it('CM308 (and CM311): a Secret entry that is not a cluster name ("config", as a one-key template makes)', async () => {
    await apply(mesh.clusters[0], core('secrets'), meshSecret(mesh.specs[0], 'clustermesh', {...meshSecretData(mesh.specs[0], 'clustermesh'), config: b64('endpoints:\n- https://10.99.9.9:2379\n')}))
    // The agents then try a cluster named "config" (pkg/clustermesh/common/config.go) and never get its configuration.
    mesh.remotes = (spec, _req, normal) =>
      spec.name === 'alpha' ? [...normal, {name: 'config', id: 0, ready: false, numFailures: 3, status: 'failed to retrieve cluster configuration: not found'}] : normal
    const g = await mesh.doctor()
    fired(g, ['CM308', 'CM311'])
    assert.match(findingOf(g, 'CM308', {cluster: ctx.alpha}).message, /entry "config" names no cluster of the mesh \(alpha, beta, gamma\): the agents will look for cilium\/cluster-config\/config/)
    assert.match(findingOf(g, 'CM311', {cluster: ctx.alpha, peer: 'config'}).message, /remote cluster config not ready: not connected: failed to retrieve cluster configuration: not found, num-failures 3/)
  })

  it('CM405 and CM307: the clustermesh-apiserver got another LoadBalancer IP than the one pinned and dialled', async () => {
    await apply(mesh.clusters[2], core('services'), serviceObject(mesh.specs[2], '10.99.3.7'))
    const g = await mesh.doctor()
    fired(g, ['CM307', 'CM405'])
    assert.match(findingOf(g, 'CM307', {cluster: ctx.gamma}).message, /asks for 10\.99\.3\.100 \(lbipam.cilium.io\/ips\) but has 10\.99\.3\.7/)
    assert.match(findingOf(g, 'CM405', {cluster: ctx.alpha, peer: ctx.gamma}).message, /dials gamma at 10\.99\.3\.100:2379 \(host alias of gamma.mesh.cilium.io\), but gamma \(context doctor-3\)'s clustermesh-apiserver is at 10\.99\.3\.7:2379 \(LoadBalancer\)/)
    findingOf(g, 'CM405', {cluster: ctx.beta, peer: ctx.gamma}) // beta dials through KVStoreMesh's host aliases
  })

  it('CM306: a LoadBalancer still pending, and which pool does not hold the requested IP', async () => {
    await apply(mesh.clusters[2], core('services'), serviceObject(mesh.specs[2], null, '10.77.0.1'))
    const g = await mesh.doctor()
    fired(g, ['CM306'])
    assert.match(findingOf(g, 'CM306', {cluster: ctx.gamma}).message, /pending: no ingress address assigned; the requested 10\.77\.0\.1 \(lbipam.cilium.io\/ips\) is in no enabled CiliumLoadBalancerIPPool/)
    assert.deepEqual(statusOf(g, 'CM405', ctx.alpha), ['pass', 'skip'], 'alpha→gamma cannot be compared, not passed')
  })

  it('CM310: an expired client certificate', async () => {
    const expired = await issueCert(mesh.specs[0].ca, {cn: 'remote', usage: 'client', notBefore: new Date(Date.now() - 86_400_000 * 400), notAfter: new Date(Date.now() - 3_600_000)})
    await apply(mesh.clusters[0], core('secrets'), {
      apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: {name: 'clustermesh-apiserver-remote-cert', namespace: NS},
      data: {'tls.crt': b64(expired.cert), 'tls.key': b64(expired.key), 'ca.crt': b64(mesh.specs[0].ca.cert)},
    })
    const g = await mesh.doctor()
    fired(g, ['CM310'])
    const f = findingOf(g, 'CM310', {cluster: ctx.alpha})
    assert.match(f.message, /clustermesh-apiserver-remote-cert \(CN=remote\) expired on \d{4}-/)
    assert.doesNotMatch(JSON.stringify(g), /PRIVATE KEY|BEGIN CERTIFICATE/, 'no key or certificate bytes in the report')
  })

  it('CM310: a server certificate that does not cover the name peers dial', async () => {
    const plain = await issueCert(mesh.specs[1].ca, {cn: 'clustermesh-apiserver.cilium.io', dnsNames: ['clustermesh-apiserver.cilium.io'], usage: 'server', notAfter: new Date(Date.now() + 86_400_000 * 365)})
    await apply(mesh.clusters[1], core('secrets'), {
      apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: {name: 'clustermesh-apiserver-server-cert', namespace: NS},
      data: {'tls.crt': b64(plain.cert), 'tls.key': b64(plain.key), 'ca.crt': b64(mesh.specs[1].ca.cert)},
    })
    const g = await mesh.doctor()
    fired(g, ['CM310'])
    assert.match(findingOf(g, 'CM310', {cluster: ctx.beta}).message, /does not cover beta\.mesh\.cilium\.io, which alpha \(context doctor-1\) dials/)
  })

  it('CM303: an agent pod that is not ready', async () => {
    await apply(mesh.clusters[0], core('pods'), agentPodObject(mesh.specs[0], 1, false))
    await setStatus(mesh.clusters[0], `${core('daemonsets').replace('/api/v1', '/apis/apps/v1')}/cilium`, {currentNumberScheduled: 2, desiredNumberScheduled: 2, numberMisscheduled: 0, numberReady: 1, updatedNumberScheduled: 2})
    const g = await mesh.doctor()
    fired(g, ['CM303'])
    assert.match(findingOf(g, 'CM303', {cluster: ctx.alpha}).message, /1 of 2 agent pods not ready: cilium-alpha-1 on alpha-node-1 \(cilium-agent: CrashLoopBackOff, 7 restarts\)/)
  })

  it('CM305: clustermesh-apiserver without a ready replica', async () => {
    await setStatus(mesh.clusters[2], '/apis/apps/v1/namespaces/kube-system/deployments/clustermesh-apiserver', {replicas: 1, readyReplicas: 0, unavailableReplicas: 1})
    const g = await mesh.doctor()
    fired(g, ['CM305'])
    assert.match(findingOf(g, 'CM305', {cluster: ctx.gamma}).message, /0 of 1 replicas ready/)
  })

  it('CM309: the ExternalSecret behind the mesh Secret is not ready, with its reason and message', async () => {
    await apply(mesh.clusters[0], `/apis/external-secrets.io/v1/namespaces/${NS}/externalsecrets`, externalSecret(false, 'SecretSyncedError', 'item "cilium-clustermesh" not found in vault "k8s"'))
    const g = await mesh.doctor()
    fired(g, ['CM309'])
    assert.match(findingOf(g, 'CM309', {cluster: ctx.alpha}).message, /ExternalSecret cilium-clustermesh \(→ Secret cilium-clustermesh\) is not ready: SecretSyncedError: item "cilium-clustermesh" not found in vault "k8s"/)
  })

  it('CM311: agents and KVStoreMesh report a peer not ready, with num-failures and last-failure', async () => {
    mesh.remotes = (spec, _req, normal) =>
      spec.name === 'beta' ? normal.map((r) => (r.name === 'gamma' ? {...r, ready: false, numFailures: 14, lastFailure: '2025-11-21T09:12:44.000Z'} : r)) : normal
    const g = await mesh.doctor()
    fired(g, ['CM311'])
    const agents = g.findings.filter((f) => f.id === 'CM311' && f.context === ctx.beta && f.cluster === 'beta' && f.peer === 'gamma')
    assert.equal(agents.length, 2, 'agents and KVStoreMesh')
    assert.match(agents[0].message, /2 of 2 agents report remote cluster gamma not ready: not connected: Waiting for initial connection to be established, num-failures 14, last-failure 2025-11-21T09:12:44.000Z/)
    assert.match(agents[1].message, /KVStoreMesh in 1 of 1 clustermesh-apiserver pods/)
  })

  it('CM311: an agent that does not know an expected peer at all (the Secret has not reached it)', async () => {
    mesh.remotes = (spec, req, normal) => (spec.name === 'gamma' && req.pod === 'cilium-gamma-0' ? normal.filter((r) => r.name !== 'alpha') : normal)
    const g = await mesh.doctor()
    fired(g, ['CM311'])
    assert.match(findingOf(g, 'CM311', {cluster: ctx.gamma, peer: ctx.alpha}).message, /1 of 2 agents report remote cluster alpha not ready: does not know this peer/)
  })
})
