// Issue 12: live commands reuse their connections. The kube client reads a context over one HTTP/2 connection;
// an etcd channel (connect-check's per-peer channel) reads every key over one connection, resumes a verified
// TLS session without a second guard handshake, and ends its connections on close(). Counted by a TCP relay.
import {strict as assert} from 'node:assert'
import net from 'node:net'
import {openClusters} from '../../src/lib/kube/index.js'
import {EtcdChannel, type EtcdTarget, probeTls, ProbeSession, type TlsResumption} from '../../src/lib/probe/index.js'
import {type Cluster, type MtlsEtcd, requireBinaries, startClusters, startMtlsEtcd, useTestEnv, writeKubeconfig} from '../env/index.js'

interface Relay {
  port: number
  connections: number
  open: number
  stop(): Promise<void>
}

async function startRelay(targetPort: number): Promise<Relay> {
  const sockets = new Set<net.Socket>()
  const relay = {port: 0, connections: 0, open: 0, stop: async () => {}}
  const server = net.createServer((inbound) => {
    relay.connections++
    relay.open++
    inbound.once('close', () => relay.open--)
    const outbound = net.connect(targetPort, '127.0.0.1')
    for (const s of [inbound, outbound]) {
      sockets.add(s)
      s.on('close', () => sockets.delete(s))
      s.on('error', () => {})
    }
    inbound.pipe(outbound).pipe(inbound)
    inbound.on('close', () => outbound.destroy())
    outbound.on('close', () => inbound.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  relay.port = (server.address() as net.AddressInfo).port
  relay.stop = () => {
    for (const s of sockets) s.destroy()
    return new Promise((resolve) => server.close(() => resolve()))
  }
  return relay
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100))

describe('live: connections are reused (kube client, etcd channel)', function () {
  this.timeout(60_000)
  useTestEnv()

  describe('kube client', () => {
    let cluster: Cluster
    before(async function () {
      requireBinaries(this, ['etcd', 'kube-apiserver'])
      this.timeout(180_000)
      ;[cluster] = await startClusters(1, 'reuse')
    })

    it('makes every read of a context, concurrent ones too, over one connection', async () => {
      const relay = await startRelay(Number(new URL(cluster.url).port))
      try {
        // The relay's address is not in the server certificate's names: keep the name the certificate has.
        const kubeconfig = writeKubeconfig([{...cluster, url: `https://127.0.0.1:${relay.port}`}])
        const [client] = await openClusters({kubeconfig, requestTimeoutMs: 10_000, env: {}})
        const reads = await Promise.all([
          client.serverVersion(),
          ...Array.from({length: 6}, () => client.list({apiVersion: 'v1', kind: 'Namespace'})),
          ...Array.from({length: 6}, () => client.get({apiVersion: 'v1', kind: 'Namespace', name: 'kube-system'})),
        ])
        for (const r of reads) assert.ok(r.ok, JSON.stringify(r))
        assert.equal(relay.connections, 1, 'one connection for 13 concurrent reads')
      } finally {
        await relay.stop()
      }
    })
  })

  describe('etcd channel', () => {
    let etcd: MtlsEtcd
    let target: EtcdTarget
    before(async function () {
      requireBinaries(this, ['etcd'])
      etcd = await startMtlsEtcd({name: 'mesh-reuse'})
      const remote = await etcd.issueClient('remote')
      target = {url: etcd.url, ca: etcd.caPem, cert: remote.cert, key: remote.key, timeoutMs: 3000}
      await etcd.putClusterConfig('reuse', {id: 3, capabilities: {maxConnectedClusters: 255}})
      await etcd.putHeartbeat(new Date())
    })

    it('reads every key over one connection after one guard handshake, and closes it', async () => {
      const relay = await startRelay(Number(new URL(etcd.url).port))
      try {
        const channel = new EtcdChannel({...target, url: `https://127.0.0.1:${relay.port}`})
        for (const key of ['cilium/.heartbeat', 'cilium/cluster-config/reuse', 'cilium/.heartbeat']) {
          const r = await channel.get(key)
          assert.ok(r.ok && r.kvs.length === 1, JSON.stringify(r))
        }
        assert.equal(relay.connections, 2, 'the guard handshake, then one connection for three reads')
        channel.close()
        await settle()
        assert.equal(relay.open, 0, 'nothing open after close()')
        const after = await channel.get('cilium/.heartbeat')
        assert.ok(!after.ok)
      } finally {
        await relay.stop()
      }
    })

    it('resumes a session a verified handshake left, with no guard handshake', async () => {
      const relay = await startRelay(Number(new URL(etcd.url).port))
      const session = new ProbeSession()
      try {
        const material = {ca: target.ca, cert: target.cert, key: target.key}
        let ticket: TlsResumption | undefined
        const tls = await probeTls({host: '127.0.0.1', port: relay.port, ...material, timeoutMs: 3000, secureContext: session.secureContext(material), onSession: (t) => (ticket = t)})
        assert.ok(tls.ok && ticket, JSON.stringify(tls))
        const channel = session.track(new EtcdChannel({...target, url: `https://127.0.0.1:${relay.port}`}, {secureContext: session.secureContext(material), tlsSession: ticket}))
        const r = await channel.get('cilium/cluster-config/reuse')
        assert.ok(r.ok && r.kvs.length === 1, JSON.stringify(r))
        assert.equal(relay.connections, 2, 'the TLS probe, then the channel: no guard in between')
        session.close()
        await settle()
        assert.equal(relay.open, 0, 'the session closes the channels it tracks')
      } finally {
        session.close()
        await relay.stop()
      }
    })
  })
})
