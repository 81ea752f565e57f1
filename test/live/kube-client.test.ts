// The project's kube client against real kube-apiservers (RBAC on, client certificates).
import {strict as assert} from 'node:assert'
import net from 'node:net'
import {type ClusterClient, openClusters} from '../../src/lib/kube/index.js'
import {type Cluster, mintCA, issueCert, requireBinaries, startClusters, useTestEnv, writeKubeconfig} from '../env/index.js'

describe('live: kube client against real kube-apiservers', function () {
  this.timeout(60_000)
  useTestEnv()
  let east: Cluster
  let west: Cluster
  let kubeconfig: string

  before(async function () {
    requireBinaries(this, ['etcd', 'kube-apiserver'])
    this.timeout(180_000)
    ;[east, west] = await startClusters(2, 'live')
    kubeconfig = writeKubeconfig([east, west])
  })

  const open = async (file: string, context?: string[], requestTimeoutMs = 5000) =>
    openClusters({kubeconfig: file, context, requestTimeoutMs, env: {}})

  it('creates an object and reads it back, through the current context', async () => {
    const [client] = await open(kubeconfig)
    assert.equal(client.context, east.name)
    const created = await client.create({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'mesh-probe', namespace: 'default'}, data: {cluster: 'east'}})
    assert.ok(created.ok, JSON.stringify(created))
    const read = await client.get({apiVersion: 'v1', kind: 'ConfigMap', name: 'mesh-probe', namespace: 'default'})
    assert.ok(read.ok, JSON.stringify(read))
    assert.deepEqual(read.value.data, {cluster: 'east'})
    assert.equal(read.value.kind, 'ConfigMap')
  })

  it('talks to each context of --all-contexts separately', async () => {
    const clients = await openClusters({kubeconfig, allContexts: true, requestTimeoutMs: 5000, env: {}})
    assert.deepEqual(clients.map((c) => [c.context, c.server]), [[east.name, east.url], [west.name, west.url]])
    const [, westClient] = clients
    const version = await westClient.serverVersion()
    assert.ok(version.ok && version.value.gitVersion.startsWith('v1.'), JSON.stringify(version))
    // The ConfigMap made in east does not exist in west.
    const missing = await westClient.get({apiVersion: 'v1', kind: 'ConfigMap', name: 'mesh-probe', namespace: 'default'})
    assert.ok(!missing.ok)
    assert.equal(missing.error.kind, 'not-found')
    assert.equal(missing.error.context, west.name)
  })

  it('lists with a label selector and gives each item its apiVersion and kind', async () => {
    const [client] = await open(kubeconfig, [west.name])
    for (const [name, tier] of [['a', 'mesh'], ['b', 'other']]) {
      const r = await client.create({apiVersion: 'v1', kind: 'Service', metadata: {name, namespace: 'default', labels: {tier}}, spec: {ports: [{port: 2379}]}})
      assert.ok(r.ok, JSON.stringify(r))
    }
    const listed = await client.list({apiVersion: 'v1', kind: 'Service', namespace: 'default', labelSelector: 'tier=mesh'})
    assert.ok(listed.ok, JSON.stringify(listed))
    assert.deepEqual(listed.value.map((s) => [s.kind, s.apiVersion, s.metadata.name]), [['Service', 'v1', 'a']])
  })

  it('classifies an RBAC refusal as forbidden, naming verb, resource and namespace', async () => {
    const viewer = await east.mintUser('mesh-viewer', ['mesh-team'])
    await east.grant('mesh-viewer', [{resources: ['configmaps'], verbs: ['get']}], 'default')
    const [client] = await open(writeKubeconfig([east], {users: [viewer]}))

    const allowed = await client.get({apiVersion: 'v1', kind: 'ConfigMap', name: 'mesh-probe', namespace: 'default'})
    assert.ok(allowed.ok, JSON.stringify(allowed))

    const secrets = await client.list({apiVersion: 'v1', kind: 'Secret', namespace: 'kube-system'})
    assert.ok(!secrets.ok)
    assert.deepEqual(
      {kind: secrets.error.kind, verb: secrets.error.verb, resource: secrets.error.resource, namespace: secrets.error.namespace, status: secrets.error.status},
      {kind: 'forbidden', verb: 'list', resource: 'secrets', namespace: 'kube-system', status: 403},
    )
    assert.match(secrets.error.message, /User "mesh-viewer" cannot list resource "secrets"/)

    const deployment = await client.get({apiVersion: 'apps/v1', kind: 'Deployment', name: 'clustermesh-apiserver', namespace: 'kube-system'})
    assert.ok(!deployment.ok)
    assert.equal(deployment.error.kind, 'forbidden')
    assert.equal(deployment.error.resource, 'deployments.apps')
    assert.equal(deployment.error.name, 'clustermesh-apiserver')
  })

  it('classifies a certificate from a foreign CA as unauthorized', async () => {
    const stranger = await issueCert(await mintCA('not the cluster CA'), {cn: 'intruder', usage: 'client'})
    const [client] = await open(writeKubeconfig([east], {users: [{name: 'intruder', groups: [], ...stranger}]}))
    const r = await client.get({apiVersion: 'v1', kind: 'Namespace', name: 'default'})
    assert.ok(!r.ok)
    assert.equal(r.error.kind, 'unauthorized')
    assert.equal(r.error.status, 401)
  })

  it('reports a kind the server does not serve as not-found, not as an error', async () => {
    const [client] = await open(kubeconfig)
    const r = await client.list({apiVersion: 'cilium.io/v2alpha1', kind: 'CiliumLoadBalancerIPPool'})
    assert.ok(!r.ok)
    assert.equal(r.error.kind, 'not-found')
    assert.match(r.error.message, /does not serve cilium.io\/v2alpha1/)
  })

  it('classifies a closed port as unreachable (refused) and a silent server as unreachable (timeout)', async () => {
    // A listener that accepts and never answers; and a port nobody listens on.
    const silent = net.createServer((socket) => socket.on('error', () => {}))
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r))
    const silentPort = (silent.address() as net.AddressInfo).port
    const closed = net.createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const closedPort = (closed.address() as net.AddressInfo).port
    await new Promise<void>((r) => closed.close(() => r()))
    try {
      const clusters = [
        {...east, name: 'closed', url: `https://127.0.0.1:${closedPort}`},
        {...east, name: 'silent', url: `https://127.0.0.1:${silentPort}`},
      ]
      const file = writeKubeconfig(clusters)
      const [refused] = await open(file, ['closed'])
      const r1 = await refused.serverVersion()
      assert.ok(!r1.ok)
      assert.deepEqual([r1.error.kind, r1.error.cause], ['unreachable', 'refused'])

      const [hanging] = await open(file, ['silent'], 800)
      const started = Date.now()
      const r2 = await hanging.serverVersion()
      assert.ok(!r2.ok)
      assert.deepEqual([r2.error.kind, r2.error.cause], ['unreachable', 'timeout'])
      assert.ok(Date.now() - started < 3000, 'the request timeout bounds the wait')
    } finally {
      silent.close()
    }
  })

  it('refuses an unknown --context before sending anything', async () => {
    await assert.rejects(open(kubeconfig, ['nope']), /unknown context "nope"; the kubeconfig has: live-1, live-2/)
  })

  it('reaches a context whose cluster is defined in a second KUBECONFIG file', async () => {
    const eastOnly = writeKubeconfig([east])
    const westOnly = writeKubeconfig([west])
    const clients: ClusterClient[] = await openClusters({env: {KUBECONFIG: `${eastOnly}:${westOnly}`}, allContexts: true, requestTimeoutMs: 5000})
    const versions = await Promise.all(clients.map((c) => c.serverVersion()))
    assert.deepEqual(clients.map((c) => c.context), [east.name, west.name])
    assert.ok(versions.every((v) => v.ok), JSON.stringify(versions))
  })
})
