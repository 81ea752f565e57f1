// connect-check with contexts: two real kube-apiservers hold the Cilium objects (created through the API),
// two etcds with mutual TLS stand in for their clustermesh-apiservers. connect-check reads each cluster's
// mesh configuration as its agents (or KVStoreMesh) mount it and probes the other cluster.
import {strict as assert} from 'node:assert'
import {
  type CertificateAuthority,
  type Cluster,
  type DnsServer,
  LOOPBACK,
  mintCA,
  requireBinaries,
  startCluster,
  startDnsmasq,
  useTestEnv,
  writeKubeconfig,
} from '../env/index.js'
import {agentDaemonSet, ciliumConfig, deleteObject, ensureNamespace, kvstoremeshDeployment, putObject, remoteCert, secret} from './cilium-objects.js'
import {connectCheck, endpointOf, etcdConfig, firedFor, type PeerServer, resultOf, startPeer} from './fixture.js'

describe('connect-check --context (live) against two kube-apiservers and their mesh etcds', function () {
  this.timeout(60_000)
  useTestEnv()
  let ca: CertificateAuthority
  let infra: Cluster
  let apps: Cluster
  let infraMesh: PeerServer
  let appsMesh: PeerServer
  let dns: DnsServer
  let kubeconfig: string

  before(async function () {
    requireBinaries(this, ['etcd', 'kube-apiserver', 'dnsmasq'])
    this.timeout(240_000)
    ca = await mintCA('mesh CA')
    ;[infra, apps, infraMesh, appsMesh, dns] = await Promise.all([
      startCluster('infra'),
      startCluster('apps'),
      startPeer(ca, 'infra', {id: 1}),
      startPeer(ca, 'apps', {id: 2}),
      startDnsmasq([{name: 'infra.mesh.test', a: LOOPBACK}]),
    ])
    kubeconfig = writeKubeconfig([infra, apps])
    const remote = await infraMesh.etcd.issueClient('remote')
    for (const [cluster, id] of [[infra, '1'], [apps, '2']] as const) {
      await ensureNamespace(cluster)
      await putObject(cluster, 'configmaps', ciliumConfig(cluster.name, id))
      await putObject(cluster, 'secrets', remoteCert(remote, ca.cert))
    }
    // infra reaches apps through the chart's ips (a host alias); apps reaches infra by a DNS name. Both list themselves.
    await putObject(infra, 'secrets', secret('cilium-clustermesh', {
      infra: etcdConfig(endpointOf('infra.mesh.test', infraMesh.etcd.port)),
      apps: etcdConfig(endpointOf('apps.mesh.cilium.io', appsMesh.etcd.port)),
    }))
    await putObject(apps, 'secrets', secret('cilium-clustermesh', {
      apps: etcdConfig(endpointOf('apps.mesh.cilium.io', appsMesh.etcd.port)),
      infra: etcdConfig(endpointOf('infra.mesh.test', infraMesh.etcd.port)),
    }))
    await putObject(infra, 'daemonsets', agentDaemonSet([{ip: LOOPBACK, hostnames: ['apps.mesh.cilium.io']}]), 'apps/v1')
    await putObject(apps, 'daemonsets', agentDaemonSet(), 'apps/v1')
  })

  const run = (...extra: string[]) => connectCheck(['--kubeconfig', kubeconfig, '--context', 'infra,apps', '--resolver', dns.server, '-o', 'json', ...extra])

  it('a healthy pair passes every step both ways; clusters[] has names, ids and peers', async () => {
    const r = await run()
    assert.equal(r.code, 0, JSON.stringify(r.report?.findings, null, 1))
    assert.equal(r.report!.status, 'pass')
    for (const [cluster, peer] of [['infra', 'apps'], ['apps', 'infra']]) {
      for (const id of ['CM502', 'CM503', 'CM504', 'CM505', 'CM506', 'CM507']) assert.equal(resultOf(r.report!, id, peer, cluster)?.status, 'pass', `${id} ${cluster}→${peer}`)
    }
    assert.match(resultOf(r.report!, 'CM501', 'apps', 'infra')!.reason!, /host alias apps\.mesh\.cilium\.io → 127\.0\.0\.1/)
    assert.equal(resultOf(r.report!, 'CM501', 'infra', 'apps')?.status, 'pass')
    assert.equal(resultOf(r.report!, 'CM506', 'infra', 'infra'), undefined, 'the own entry is skipped')
    const byName = new Map(r.report!.clusters.map((c) => [c.name, c]))
    assert.equal(byName.get('infra')?.id, 1)
    assert.equal(byName.get('apps')?.id, 2)
    assert.equal(byName.get('infra')?.context, 'infra')
    assert.match(String(byName.get('infra')?.configFrom), /^DaemonSet kube-system\/cilium, container cilium-agent, volume clustermesh-secrets: Secret cilium-clustermesh, Secret clustermesh-apiserver-remote-cert/)
    assert.deepEqual((byName.get('infra')?.peers as {name: string}[]).map((p) => p.name), ['apps'])
    const matrix = r.report!.notes!.join('\n')
    assert.match(matrix, /apps\s+·\s+✓\n\s+infra\s+✓\s+·/)
    assert.doesNotMatch(r.stdout, /PRIVATE KEY|BEGIN CERTIFICATE/)
  })

  it('CM506: the id in the peer\'s cluster-config differs from its live cilium-config', async () => {
    await putObject(apps, 'configmaps', ciliumConfig('apps', '7'))
    try {
      const r = await run()
      assert.deepEqual(firedFor(r.report!, 'apps', 'infra'), ['CM506'])
      assert.equal(r.report!.findings[0].message, 'cilium/cluster-config/apps says id 2, but context apps (cilium-config cluster-id) declares id 7')
      assert.deepEqual(firedFor(r.report!, 'infra', 'apps'), [], 'the other direction is unaffected')
      assert.equal(r.code, 1)
    } finally {
      await putObject(apps, 'configmaps', ciliumConfig('apps', '2'))
    }
  })

  it('with KVStoreMesh, the kvstoremesh container\'s cilium-kvstoremesh is probed, not the agents\' Secret', async () => {
    // Like the chart with KVStoreMesh: the agents' Secret points at the local KVStoreMesh (unreachable here).
    await putObject(infra, 'secrets', secret('cilium-clustermesh', {apps: etcdConfig(endpointOf('clustermesh-apiserver.kube-system.svc', 2379))}))
    await putObject(infra, 'secrets', secret('cilium-kvstoremesh', {apps: etcdConfig(endpointOf(LOOPBACK, appsMesh.etcd.port))}))
    await putObject(infra, 'deployments', kvstoremeshDeployment(), 'apps/v1')
    try {
      const r = await run('--context', 'infra')
      assert.deepEqual(r.report!.findings.filter((f) => f.cluster === 'infra'), [])
      assert.match(resultOf(r.report!, 'CM501', 'apps', 'infra')!.reason!, /IP address/)
      const source = r.report!.clusters.find((c) => c.name === 'infra')!
      assert.match(String(source.configFrom), /^Deployment kube-system\/clustermesh-apiserver, container kvstoremesh, volume kvstoremesh-secrets: Secret cilium-kvstoremesh/)
      assert.deepEqual(source.clustermesh, {kvstoremesh: true})
    } finally {
      await deleteObject(infra, 'deployments', 'clustermesh-apiserver', 'apps/v1')
      await deleteObject(infra, 'secrets', 'cilium-kvstoremesh')
      await putObject(infra, 'secrets', secret('cilium-clustermesh', {apps: etcdConfig(endpointOf('apps.mesh.cilium.io', appsMesh.etcd.port))}))
    }
  })

  it('a user who may not read the Secrets gets CM301 naming what was refused, and exit 3', async () => {
    const viewer = await infra.mintUser('mesh-viewer')
    await infra.grant('mesh-viewer', [{resources: ['configmaps'], verbs: ['get']}, {apiGroups: ['apps'], resources: ['daemonsets', 'deployments'], verbs: ['get', 'list']}], 'kube-system')
    const limited = writeKubeconfig([infra], {users: [viewer]})
    const r = await connectCheck(['--kubeconfig', limited, '--context', 'infra', '-o', 'json'])
    assert.equal(r.code, 3, JSON.stringify(r.report?.findings))
    assert.equal(r.report!.status, 'incomplete')
    const cm301 = r.report!.findings.filter((f) => f.id === 'CM301')
    assert.ok(cm301.some((f) => /secrets/.test(f.message) && /cilium-clustermesh/.test(f.message)), cm301.map((f) => f.message).join('\n'))
    assert.ok(cm301.every((f) => f.cluster === 'infra'))
  })
})
