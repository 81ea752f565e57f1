// The project's tcp, tls and etcd probes against a real etcd with mutual TLS (a clustermesh-apiserver stand-in).
import {strict as assert} from 'node:assert'
import net from 'node:net'
import {etcdGet, etcdHealth, etcdVersion, type EtcdTarget, probeTcp, probeTls} from '../../src/lib/probe/index.js'
import {type CertKeyPair, ciliumRemoteReader, issueCert, mintCA, type MtlsEtcd, requireBinaries, startMtlsEtcd, useTestEnv} from '../env/index.js'

describe('live: etcd, tls and tcp probes against etcd with mutual TLS', function () {
  useTestEnv()
  let etcd: MtlsEtcd
  let remote: CertKeyPair
  let target: EtcdTarget

  before(async function () {
    requireBinaries(this, ['etcd'])
    etcd = await startMtlsEtcd({name: 'mesh-east'})
    remote = await etcd.issueClient('remote')
    target = {url: etcd.url, ca: etcd.caPem, cert: remote.cert, key: remote.key, timeoutMs: 3000}
    await etcd.putClusterConfig('east', {id: 2, capabilities: {maxConnectedClusters: 255}})
    await etcd.putHeartbeat(new Date('2030-01-02T03:04:05.000Z'))
  })

  it('reads a key (gRPC KV.Range) with a client certificate', async () => {
    const r = await etcdGet(target, 'cilium/cluster-config/east')
    assert.ok(r.ok, JSON.stringify(r))
    assert.equal(r.count, 1)
    assert.deepEqual(JSON.parse(r.kvs[0].value), {id: 2, capabilities: {maxConnectedClusters: 255}})
    assert.ok(r.clusterId !== '' && r.revision > 0)
  })

  it('reads a prefix, and an absent key as an empty answer', async () => {
    const all = await etcdGet(target, 'cilium/', {prefix: true})
    assert.ok(all.ok, JSON.stringify(all))
    assert.deepEqual(all.kvs.map((kv) => kv.key), ['cilium/.heartbeat', 'cilium/cluster-config/east'])
    assert.equal(all.kvs[0].value, '2030-01-02T03:04:05.000Z')
    const none = await etcdGet(target, 'cilium/cluster-config/west')
    assert.ok(none.ok && none.count === 0 && none.kvs.length === 0, JSON.stringify(none))
  })

  it('answers /version and /health', async () => {
    const version = await etcdVersion(target)
    assert.ok(version.ok && /^3\.\d+\.\d+$/.test(version.server), JSON.stringify(version))
    const health = await etcdHealth(target)
    assert.ok(health.ok && health.healthy, JSON.stringify(health))
  })

  it('is rejected with a client certificate from another CA', async () => {
    const stranger = await issueCert(await mintCA('other cluster CA'), {cn: 'remote', usage: 'client'})
    const r = await etcdGet({...target, cert: stranger.cert, key: stranger.key}, 'cilium/.heartbeat')
    assert.ok(!r.ok)
    assert.equal(r.error, 'tls-rejected')
    assert.match(r.message, /rejected the client certificate/)
  })

  it('is rejected without a client certificate', async () => {
    const r = await etcdVersion({...target, cert: undefined, key: undefined})
    assert.ok(!r.ok)
    assert.equal(r.error, 'tls-rejected')
    assert.match(r.message, /requires a client certificate/)
  })

  it('key reads: no client certificate, a closed port and a mute server each fail with their own kind', async () => {
    const anonymous = await etcdGet({...target, cert: undefined, key: undefined}, 'cilium/.heartbeat')
    assert.ok(!anonymous.ok)
    assert.equal(anonymous.error, 'tls-rejected')

    const spare = net.createServer()
    await new Promise<void>((r) => spare.listen(0, '127.0.0.1', r))
    const closedPort = (spare.address() as net.AddressInfo).port
    await new Promise<void>((r) => spare.close(() => r()))
    const refused = await etcdGet({...target, url: `https://127.0.0.1:${closedPort}`}, 'cilium/.heartbeat')
    assert.ok(!refused.ok)
    assert.equal(refused.error, 'refused')

    const mute = net.createServer((s) => s.on('error', () => {}))
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r))
    try {
      const started = Date.now()
      const silent = await etcdGet({...target, url: `https://127.0.0.1:${(mute.address() as net.AddressInfo).port}`, timeoutMs: 700}, 'cilium/.heartbeat')
      assert.ok(!silent.ok)
      assert.equal(silent.error, 'timeout')
      assert.ok(Date.now() - started < 2500, `took ${Date.now() - started}ms`)
    } finally {
      mute.close()
    }
  })

  it('does not trust a server certificate from another CA', async () => {
    const r = await etcdGet({...target, ca: (await mintCA('wrong trust')).cert}, 'cilium/.heartbeat')
    assert.ok(!r.ok)
    assert.equal(r.error, 'tls-untrusted')
    assert.doesNotMatch(r.message, /use-system-ca/)
  })

  it('tls probe: reports the server certificate facts and accepts the client certificate', async () => {
    const r = await probeTls({host: '127.0.0.1', port: etcd.port, servername: 'clustermesh-apiserver.cilium.io', ca: etcd.caPem, cert: remote.cert, key: remote.key, timeoutMs: 3000})
    assert.ok(r.ok, JSON.stringify(r))
    assert.equal(r.clientCertificate, 'accepted')
    assert.equal(r.peer.commonName, 'clustermesh-apiserver.cilium.io')
    assert.deepEqual(r.peer.dnsNames, ['clustermesh-apiserver.cilium.io', '*.mesh.cilium.io', 'localhost'])
    assert.deepEqual(r.peer.ipAddresses, ['127.0.0.1'])
    assert.equal(r.peer.issuer, 'CN=mesh-east CA')
    assert.match(r.peer.fingerprint256, /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/)
    assert.ok(Date.parse(r.peer.validFrom) < Date.now() && Date.now() < Date.parse(r.peer.validTo))
    assert.ok(!JSON.stringify(r).includes('PRIVATE KEY'), 'no key material in the result')
  })

  it('tls probe: a name the certificate does not cover fails as tls-hostname, with the peer facts kept', async () => {
    const r = await probeTls({host: '127.0.0.1', port: etcd.port, servername: 'east.example.org', ca: etcd.caPem, cert: remote.cert, key: remote.key, timeoutMs: 3000})
    assert.ok(!r.ok)
    assert.equal(r.error, 'tls-hostname')
    assert.match(r.message, /east\.example\.org/)
    assert.equal(r.peer?.commonName, 'clustermesh-apiserver.cilium.io')
  })

  it('tls probe: a rejected client certificate is seen even though TLS 1.3 judges it after the handshake', async () => {
    const stranger = await issueCert(await mintCA('stranger CA'), {cn: 'remote', usage: 'client'})
    const r = await probeTls({host: '127.0.0.1', port: etcd.port, servername: 'clustermesh-apiserver.cilium.io', ca: etcd.caPem, ...stranger, timeoutMs: 3000})
    assert.ok(!r.ok)
    assert.equal(r.error, 'tls-rejected')
  })

  it('tls probe: a server that never speaks TLS times out within the step deadline', async () => {
    const mute = net.createServer((s) => s.on('error', () => {}))
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r))
    try {
      const started = Date.now()
      const r = await probeTls({host: '127.0.0.1', port: (mute.address() as net.AddressInfo).port, timeoutMs: 500})
      assert.ok(!r.ok)
      assert.equal(r.error, 'timeout')
      assert.ok(Date.now() - started < 2000)
    } finally {
      mute.close()
    }
  })

  it('tcp probe: open port connects, closed port is refused', async () => {
    const open = await probeTcp({host: '127.0.0.1', port: etcd.port, timeoutMs: 2000})
    assert.ok(open.ok, JSON.stringify(open))
    const spare = net.createServer()
    await new Promise<void>((r) => spare.listen(0, '127.0.0.1', r))
    const port = (spare.address() as net.AddressInfo).port
    await new Promise<void>((r) => spare.close(() => r()))
    const closed = await probeTcp({host: '127.0.0.1', port, timeoutMs: 2000})
    assert.ok(!closed.ok)
    assert.equal(closed.error, 'refused')
  })
})

describe('live: etcd probe against etcd with auth (users by certificate CN, as a clustermesh-apiserver)', function () {
  useTestEnv()
  let etcd: MtlsEtcd
  const as = async (cn: string): Promise<EtcdTarget> => {
    const id = await etcd.issueClient(cn)
    return {url: etcd.url, ca: etcd.caPem, cert: id.cert, key: id.key, timeoutMs: 3000}
  }

  before(async function () {
    requireBinaries(this, ['etcd'])
    etcd = await startMtlsEtcd({name: 'mesh-west'})
    await etcd.putClusterConfig('west', {id: 3})
    await etcd.putHeartbeat()
    await etcd.enableAuth([ciliumRemoteReader('west')])
  })

  it('the remote user reads its cluster config and the heartbeat', async () => {
    const remote = await as('remote')
    const config = await etcdGet(remote, 'cilium/cluster-config/west')
    assert.ok(config.ok && config.kvs.length === 1, JSON.stringify(config))
    const heartbeat = await etcdGet(remote, 'cilium/.heartbeat')
    assert.ok(heartbeat.ok && heartbeat.kvs.length === 1, JSON.stringify(heartbeat))
  })

  it('/version and /health still answer with auth on', async () => {
    const remote = await as('remote')
    const version = await etcdVersion(remote)
    assert.ok(version.ok, JSON.stringify(version))
    const health = await etcdHealth(remote)
    assert.ok(health.ok && health.healthy, JSON.stringify(health))
  })

  it('a prefix read of cilium/ is denied, as Cilium configures it', async () => {
    const r = await etcdGet(await as('remote'), 'cilium/', {prefix: true})
    assert.ok(!r.ok)
    assert.equal(r.error, 'denied')
    assert.match(r.message, /permission denied/)
  })

  it('a certificate whose CN is no etcd user is denied', async () => {
    const r = await etcdGet(await as('remote-east'), 'cilium/.heartbeat')
    assert.ok(!r.ok)
    assert.equal(r.error, 'denied')
  })
})
