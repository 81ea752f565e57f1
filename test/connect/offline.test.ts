// connect-check --config-dir against real servers: etcd with mutual TLS standing in for clustermesh-apiservers,
// dnsmasq for names. A healthy mesh passes every step; each test then breaks one thing and expects exactly
// that step's check to fire, and nothing later in that chain.
import {strict as assert} from 'node:assert'
import net from 'node:net'
import tls from 'node:tls'
import {
  type CertKeyPair,
  type CertificateAuthority,
  ciliumRemoteReader,
  CLUSTERMESH_SERVER_NAMES,
  type DnsServer,
  freePort,
  issueCert,
  LOOPBACK,
  mintCA,
  requireBinaries,
  startDnsmasq,
  useTestEnv,
} from '../env/index.js'
import {connectCheck, endpointOf, etcdConfig, firedFor, type PeerServer, resultOf, startPeer, writeConfigDir} from './fixture.js'

const LATER = ['CM501', 'CM502', 'CM503', 'CM504', 'CM505', 'CM506', 'CM507']
// Not `after`: that would shadow mocha's hook (the servers' after hook below was never registered).
const laterThan = (id: string) => LATER.slice(LATER.indexOf(id) + 1)

describe('connect-check --config-dir (offline) against mTLS etcd and dnsmasq', function () {
  this.timeout(60_000)
  useTestEnv()
  let ca: CertificateAuthority
  let east: PeerServer
  let west: PeerServer
  let stale: PeerServer
  let locked: PeerServer
  let remote: CertKeyPair
  let dns: DnsServer
  const servers: net.Server[] = []
  const connections = new Map<net.Server, Set<net.Socket>>()
  const track = (server: net.Server) => {
    servers.push(server)
    const open = new Set<net.Socket>()
    connections.set(server, open)
    server.on('connection', (c: net.Socket) => {
      open.add(c)
      c.once('close', () => open.delete(c))
    })
  }

  before(async function () {
    requireBinaries(this, ['etcd', 'dnsmasq'])
    this.timeout(120_000)
    ca = await mintCA('mesh CA')
    ;[east, west, stale, locked] = await Promise.all([
      startPeer(ca, 'east', {id: 2}),
      startPeer(ca, 'west', {id: 3}),
      startPeer(ca, 'stale', {id: 4, heartbeat: new Date(Date.now() - 5 * 60_000)}),
      startPeer(ca, 'locked', {id: 5}),
    ])
    await east.etcd.put('cilium/cluster-config/garbled', 'not json')
    await locked.etcd.enableAuth([ciliumRemoteReader('locked')])
    remote = await east.etcd.issueClient('remote')
    dns = await startDnsmasq(['east', 'west', 'stale', 'locked', 'expired', 'mute'].map((n) => ({name: `${n}.mesh.test`, a: LOOPBACK})))
  })

  // The servers the tests start, and the connections they accepted (close() alone waits for those).
  after(() => {
    for (const s of servers) {
      s.close()
      for (const c of connections.get(s) ?? []) c.destroy()
    }
  })

  const run = (dir: string, ...extra: string[]) => connectCheck(['--config-dir', dir, '--resolver', dns.server, '-o', 'json', ...extra])
  const cfg = (p: PeerServer, host = `${p.name}.mesh.test`) => etcdConfig(endpointOf(host, p.etcd.port))

  it('a healthy mesh passes every step for every peer, exit 0, with a ✓ matrix', async () => {
    const dir = writeConfigDir({east: cfg(east), west: cfg(west)}, remote, ca.cert)
    const r = await run(dir)
    assert.equal(r.code, 0, r.stdout)
    assert.equal(r.report!.status, 'pass')
    assert.deepEqual(r.report!.findings, [])
    for (const peer of ['east', 'west']) {
      for (const id of LATER) assert.equal(resultOf(r.report!, id, peer)?.status, 'pass', `${id} for ${peer}`)
    }
    const matrix = r.report!.notes!.join('\n')
    assert.match(matrix, /local\s+✓\s+✓/)
    const [local] = r.report!.clusters
    const peers = local.peers as {name: string; endpoints: string[]; serverCertificate?: {subject: string}; clientCertificate?: {subject: string}}[]
    assert.deepEqual(peers.map((p) => p.name), ['east', 'west'])
    assert.equal(peers[0].endpoints[0], `https://east.mesh.test:${east.etcd.port}`)
    assert.equal(peers[0].serverCertificate?.subject, `CN=${CLUSTERMESH_SERVER_NAMES[0]}`)
    assert.equal(peers[0].clientCertificate?.subject, 'CN=remote')
  })

  it('keys and certificates never reach the output, in any format', async () => {
    const dir = writeConfigDir({east: cfg(east), bad: etcdConfig(endpointOf('nowhere.mesh.test', east.etcd.port))}, remote, ca.cert)
    const pemBody = (pem: string) => pem.split('\n').filter((l) => l && !l.startsWith('-----')).join('')
    for (const format of ['json', 'text', 'sarif', 'junit', 'short']) {
      const r = await connectCheck(['--config-dir', dir, '--resolver', dns.server, '-o', format])
      const all = r.stdout + r.stderr
      assert.doesNotMatch(all, /PRIVATE KEY|BEGIN CERTIFICATE/, format)
      for (const secret of [remote.key, remote.cert, ca.cert]) assert.ok(!all.includes(pemBody(secret).slice(0, 40)), `${format}: PEM body leaked`)
    }
  })

  it('CM501: a name that does not resolve (NXDOMAIN), and nothing later', async () => {
    const dir = writeConfigDir({east: etcdConfig(endpointOf('nowhere.mesh.test', east.etcd.port))}, remote, ca.cert)
    const r = await run(dir)
    assert.equal(r.code, 1)
    assert.deepEqual(firedFor(r.report!, 'east'), ['CM501'])
    assert.match(r.report!.findings[0].message, /nowhere\.mesh\.test.*NXDOMAIN/)
    for (const id of laterThan('CM501')) assert.equal(resultOf(r.report!, id, 'east')?.status, 'skip', id)
  })

  it('CM501 is not asked of DNS for IP endpoints, --resolve names and cilium-host-aliases', async () => {
    const dir = writeConfigDir(
      {
        east: etcdConfig(endpointOf(LOOPBACK, east.etcd.port)),
        west: etcdConfig(endpointOf('west.elsewhere.test', west.etcd.port)),
        stale: etcdConfig(endpointOf('stale.mesh.cilium.io', stale.etcd.port), {'cilium-host-aliases': [{hostname: 'stale.mesh.cilium.io', ips: [LOOPBACK]}]}),
      },
      remote,
      ca.cert,
    )
    // west.elsewhere.test is not in the server certificate: --resolve gets it past DNS, CM503 then fires.
    const r = await run(dir, '--resolve', `west.elsewhere.test=${LOOPBACK}`)
    assert.match(resultOf(r.report!, 'CM501', 'east')!.reason!, /IP address/)
    assert.match(resultOf(r.report!, 'CM501', 'west')!.reason!, /--resolve west\.elsewhere\.test=127\.0\.0\.1/)
    assert.match(resultOf(r.report!, 'CM501', 'stale')!.reason!, /host alias stale\.mesh\.cilium\.io/)
    assert.deepEqual(firedFor(r.report!, 'east'), [])
    assert.deepEqual(firedFor(r.report!, 'west'), ['CM503'])
    assert.match(r.report!.findings.find((f) => f.peer === 'west')!.message, /valid for .*\*\.mesh\.test.*, not west\.elsewhere\.test/)
  })

  it('CM502: a closed port is refused, with address:port', async () => {
    const port = await freePort()
    const dir = writeConfigDir({east: etcdConfig(endpointOf('east.mesh.test', port))}, remote, ca.cert)
    const r = await run(dir)
    assert.deepEqual(firedFor(r.report!, 'east'), ['CM502'])
    assert.equal(r.report!.findings[0].message, `127.0.0.1:${port}: connection refused (nothing listens there)`)
    assert.equal(resultOf(r.report!, 'CM501', 'east')?.status, 'pass')
    for (const id of laterThan('CM502')) assert.equal(resultOf(r.report!, id, 'east')?.status, 'skip', id)
  })

  it('CM502 tries the addresses of a name in order, like Go\'s dialer: a dead first address is passed over', async () => {
    const dir = writeConfigDir(
      {east: etcdConfig(endpointOf('east.mesh.cilium.io', east.etcd.port), {'cilium-host-aliases': [{hostname: 'east.mesh.cilium.io', ips: ['127.0.0.2', LOOPBACK]}]})},
      remote,
      ca.cert,
    )
    const r = await run(dir)
    assert.deepEqual(r.report!.findings, [])
    assert.deepEqual((r.report!.clusters[0].peers as {addresses: string[]}[])[0].addresses, ['127.0.0.2', LOOPBACK])
  })

  it('every endpoint of a peer is its own chain: a dead second endpoint fires CM502 for that endpoint only', async () => {
    const port = await freePort()
    const config = etcdConfig('', {endpoints: [endpointOf('east.mesh.test', east.etcd.port), endpointOf('east.mesh.test', port)]})
    const r = await run(writeConfigDir({east: config}, remote, ca.cert))
    assert.deepEqual(firedFor(r.report!, 'east'), ['CM502'])
    assert.deepEqual(r.report!.findings[0].details, [`endpoint https://east.mesh.test:${port}`])
    assert.equal(resultOf(r.report!, 'CM506', 'east')?.status, 'skip', 'the dead endpoint never reached CM506')
  })

  it('CM503: the server certificate is not from the CA the source trusts', async () => {
    const other = await mintCA('another cluster CA')
    const dir = writeConfigDir({east: cfg(east)}, remote, other.cert)
    const r = await run(dir)
    assert.deepEqual(firedFor(r.report!, 'east'), ['CM503'])
    const f = r.report!.findings[0]
    assert.match(f.message, /east\.mesh\.test: the server certificate \(issued by CN=mesh CA\) does not verify against the trusted CA of this peer config: certificate signed by unknown authority/)
    assert.ok(f.details!.some((d) => d.includes('trusted CA (common-etcd-client-ca.crt): CN=another cluster CA')), f.details!.join('\n'))
    assert.ok(f.details!.some((d) => /SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}/.test(d)))
  })

  it('CM503: an expired server certificate', async () => {
    const day = 86_400_000
    const expired = await issueCert(ca, {cn: 'clustermesh-apiserver.cilium.io', dnsNames: ['*.mesh.test'], notBefore: new Date(Date.now() - 10 * day), notAfter: new Date(Date.now() - day)})
    const server = tls.createServer({...expired, ca: ca.cert, requestCert: true, rejectUnauthorized: true}, (s) => s.end())
    track(server)
    await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve))
    const dir = writeConfigDir({expired: etcdConfig(endpointOf('expired.mesh.test', (server.address() as net.AddressInfo).port))}, remote, ca.cert)
    const r = await run(dir)
    assert.deepEqual(firedFor(r.report!, 'expired'), ['CM503'])
    assert.match(r.report!.findings[0].message, /^expired\.mesh\.test: the server certificate expired on \d{4}-/)
  })

  it('CM503: a port that never speaks TLS fails within --step-timeout', async () => {
    const mute = net.createServer((s) => s.on('error', () => {}))
    track(mute)
    await new Promise<void>((resolve) => mute.listen(0, LOOPBACK, resolve))
    const dir = writeConfigDir({mute: etcdConfig(endpointOf('mute.mesh.test', (mute.address() as net.AddressInfo).port))}, remote, ca.cert)
    const started = Date.now()
    const r = await run(dir, '--step-timeout', '300ms')
    assert.ok(Date.now() - started < 3000, `took ${Date.now() - started}ms`)
    assert.deepEqual(firedFor(r.report!, 'mute'), ['CM503'])
    assert.match(r.report!.findings[0].message, /no TLS handshake within 300ms/)
  })

  it('--timeout ends the whole run with exit 124, and no step outlives it', async () => {
    let open = 0
    const mute = net.createServer((s) => {
      open++
      s.on('error', () => {})
      s.on('close', () => open--)
      s.resume() // read, so that the client's FIN is seen
    })
    track(mute)
    await new Promise<void>((resolve) => mute.listen(0, LOOPBACK, resolve))
    const dir = writeConfigDir({mute: etcdConfig(endpointOf('mute.mesh.test', (mute.address() as net.AddressInfo).port)), east: cfg(east)}, remote, ca.cert)
    const started = Date.now()
    const r = await run(dir, '--step-timeout', '5s', '--timeout', '400ms')
    assert.equal(r.code, 124)
    assert.match(r.error!, /timed out after 400ms/)
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started}ms`)
    // The TLS step waits at most until the run's deadline, not its own 5s: its socket is gone soon after.
    while (open > 0 && Date.now() - started < 1500) await new Promise((resolve) => setTimeout(resolve, 20))
    assert.equal(open, 0, `a probe socket was still open ${Date.now() - started}ms after the start`)
  })

  it('CM504: a client certificate from a CA the server does not trust', async () => {
    const stranger = await issueCert(await mintCA('stranger CA'), {cn: 'remote', usage: 'client'})
    const dir = writeConfigDir({east: cfg(east)}, stranger, ca.cert)
    const r = await run(dir)
    assert.deepEqual(firedFor(r.report!, 'east'), ['CM504'])
    assert.equal(resultOf(r.report!, 'CM503', 'east')?.status, 'pass')
    assert.match(r.report!.findings[0].message, /^east: TLS client authentication failed: .*(unknown ca|rejected)/)
    assert.ok(r.report!.findings[0].details!.some((d) => d.includes('issued by CN=stranger CA')))
    for (const id of laterThan('CM504')) assert.equal(resultOf(r.report!, id, 'east')?.status, 'skip', id)
  })

  it('CM505: an etcd user without permission (client CN that is no user)', async () => {
    const intruder = await locked.etcd.issueClient('intruder')
    const dir = writeConfigDir({locked: cfg(locked)}, intruder, ca.cert)
    const r = await run(dir)
    assert.deepEqual(firedFor(r.report!, 'locked'), ['CM505'])
    assert.match(r.report!.findings[0].message, /^locked: get cilium\/\.heartbeat: .*(permission denied|user name).*\(client CN "intruder"\)/)
    assert.equal(resultOf(r.report!, 'CM504', 'locked')?.status, 'pass')
  })

  it('CM505 passes for the remote user Cilium creates, with auth on', async () => {
    const dir = writeConfigDir({locked: cfg(locked)}, await locked.etcd.issueClient('remote'), ca.cert)
    const r = await run(dir)
    assert.deepEqual(r.report!.findings, [])
    assert.equal(r.code, 0)
  })

  it('CM506: the config name differs from the remote cluster (record missing)', async () => {
    const dir = writeConfigDir({apps: cfg(east)}, remote, ca.cert)
    const r = await run(dir)
    assert.deepEqual(firedFor(r.report!, 'apps'), ['CM506'])
    assert.match(r.report!.findings[0].message, /cilium\/cluster-config\/apps does not exist/)
    assert.equal(resultOf(r.report!, 'CM507', 'apps')?.status, 'skip')
  })

  it('CM506: with auth on, the name mismatch shows as permission denied', async () => {
    const dir = writeConfigDir({apps: cfg(locked)}, await locked.etcd.issueClient('remote'), ca.cert)
    const r = await run(dir)
    assert.deepEqual(firedFor(r.report!, 'apps'), ['CM506'])
    assert.match(r.report!.findings[0].message, /permission denied: .*not named "apps"/)
  })

  it('CM506: a cluster-config record that is not JSON', async () => {
    const dir = writeConfigDir({garbled: cfg(east)}, remote, ca.cert)
    const r = await run(dir)
    assert.deepEqual(firedFor(r.report!, 'garbled'), ['CM506'])
    assert.match(r.report!.findings[0].message, /is not JSON/)
  })

  it('CM507: a heartbeat older than 2 minutes is a warning; the run still passes', async () => {
    const dir = writeConfigDir({stale: cfg(stale)}, remote, ca.cert)
    const r = await run(dir)
    assert.deepEqual(firedFor(r.report!, 'stale'), ['CM507'])
    assert.equal(r.report!.findings[0].severity, 'warning')
    assert.match(r.report!.findings[0].message, /last written 5m\d+s ago \(\d{4}-/)
    assert.equal(r.code, 0)
    assert.match(r.report!.notes!.join('\n'), /local\s+⚠ CM507/)
  })

  it('CM308: a peer config naming a file the directory lacks is not probed', async () => {
    const dir = writeConfigDir({east: etcdConfig(endpointOf('east.mesh.test', east.etcd.port), {'key-file': '/var/lib/cilium/clustermesh/east.etcd-client.key'})}, remote, ca.cert)
    const r = await run(dir)
    assert.deepEqual(firedFor(r.report!, 'east'), ['CM308'])
    assert.match(r.report!.findings[0].message, /key-file \/var\/lib\/cilium\/clustermesh\/east\.etcd-client\.key is not in the directory/)
    for (const id of LATER) assert.equal(resultOf(r.report!, id, 'east')?.status, 'skip', id)
  })

  it('--cluster-name skips the own entry; --peer limits the peers', async () => {
    const dir = writeConfigDir({east: cfg(east), west: cfg(west), stale: cfg(stale)}, remote, ca.cert)
    const r = await run(dir, '--cluster-name', 'east', '--peer', 'west')
    assert.deepEqual([...new Set(r.report!.results.filter((x) => x.peer).map((x) => x.peer))], ['west'])
    assert.equal(r.report!.clusters[0].name, 'east')
    assert.equal(r.report!.clusters[0].ownEntrySkipped, 'east')
  })

  it('text output ends with the matrix, in ASCII when the terminal is not UTF-8', async () => {
    const dir = writeConfigDir({east: cfg(east), apps: cfg(west)}, remote, ca.cert)
    const saved = process.env.LANG
    process.env.LANG = 'C'
    try {
      const r = await connectCheck(['--config-dir', dir, '--resolver', dns.server, '--cluster-name', 'infra'])
      assert.match(r.stdout, /source -> peer\s+apps\s+east\n\s+infra\s+FAIL CM506\s+ok\n/)
      assert.doesNotMatch(r.stdout, /[✓✗⚠]/)
    } finally {
      if (saved === undefined) delete process.env.LANG
      else process.env.LANG = saved
    }
  })

  it('usage errors exit 2: a missing directory, a bad --resolve', async () => {
    assert.equal((await connectCheck(['--config-dir', '/nonexistent/dir'])).code, 2)
    const dir = writeConfigDir({east: cfg(east)}, remote, ca.cert)
    const bad = await connectCheck(['--config-dir', dir, '--resolve', 'east.mesh.test=not-an-ip'])
    assert.equal(bad.code, 2)
    assert.match(bad.error!, /not-an-ip is not an IP address/)
  })
})
