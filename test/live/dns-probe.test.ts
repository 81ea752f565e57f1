// The project's DNS probe against a real dnsmasq answering only declared records.
import {strict as assert} from 'node:assert'
import dgram from 'node:dgram'
import {probeDns} from '../../src/lib/probe/index.js'
import {type DnsServer, requireBinaries, startDnsmasq, useTestEnv} from '../env/index.js'

describe('live: dns probe against dnsmasq', function () {
  useTestEnv()
  let dns: DnsServer

  before(async function () {
    requireBinaries(this, ['dnsmasq'])
    dns = await startDnsmasq([
      {name: 'east.mesh.cilium.io', a: '127.0.0.10', ttl: 42},
      {name: 'pool.mesh.cilium.io', a: ['127.0.0.11', '127.0.0.12'], ttl: 7},
      {name: 'alias.mesh.cilium.io', cname: 'east.mesh.cilium.io', ttl: 30},
    ])
  })

  it('returns the declared address and TTL', async () => {
    const r = await probeDns({name: 'east.mesh.cilium.io', server: dns.server, timeoutMs: 2000})
    assert.ok(r.ok, JSON.stringify(r))
    assert.deepEqual(r.addresses, [{address: '127.0.0.10', ttl: 42}])
    assert.equal(r.server, dns.server)
  })

  it('returns every address of a name', async () => {
    const r = await probeDns({name: 'pool.mesh.cilium.io', server: dns.server, timeoutMs: 2000})
    assert.ok(r.ok, JSON.stringify(r))
    assert.deepEqual(r.addresses.map((a) => a.address).sort(), ['127.0.0.11', '127.0.0.12'])
    assert.ok(r.addresses.every((a) => a.ttl === 7))
  })

  it('follows a CNAME to its addresses', async () => {
    const r = await probeDns({name: 'alias.mesh.cilium.io', server: dns.server, timeoutMs: 2000})
    assert.ok(r.ok, JSON.stringify(r))
    assert.deepEqual(r.addresses.map((a) => a.address), ['127.0.0.10'])
  })

  it('an undeclared name is NXDOMAIN', async () => {
    const r = await probeDns({name: 'west.mesh.cilium.io', server: dns.server, timeoutMs: 2000})
    assert.ok(!r.ok)
    assert.equal(r.error, 'NXDOMAIN')
    assert.match(r.message, /west\.mesh\.cilium\.io does not exist/)
  })

  it('a name with only an A record has no AAAA data (NODATA, not NXDOMAIN)', async () => {
    const r = await probeDns({name: 'east.mesh.cilium.io', type: 'AAAA', server: dns.server, timeoutMs: 2000})
    assert.ok(!r.ok)
    assert.equal(r.error, 'NODATA')
  })

  it('a resolver that never answers is a TIMEOUT within the deadline', async () => {
    const mute = dgram.createSocket('udp4')
    await new Promise<void>((r) => mute.bind(0, '127.0.0.1', () => r()))
    try {
      const started = Date.now()
      const r = await probeDns({name: 'east.mesh.cilium.io', server: `127.0.0.1:${mute.address().port}`, timeoutMs: 600})
      assert.ok(!r.ok)
      assert.equal(r.error, 'TIMEOUT')
      assert.ok(Date.now() - started < 2000, `took ${Date.now() - started}ms`)
    } finally {
      mute.close()
    }
  })

  it('a resolver that is not an IP[:port] is an error result, not an exception', async () => {
    const r = await probeDns({name: 'east.mesh.cilium.io', server: 'dns.example:53', timeoutMs: 500})
    assert.ok(!r.ok)
    assert.equal(r.error, 'ERROR')
    assert.match(r.message, /not an IP address/)
  })
})
