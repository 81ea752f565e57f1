// dns-check from the repository alone, against a real dnsmasq: each check fires on its broken case with the
// exact cluster and file:line, and stays quiet on the healthy mesh.
import {strict as assert} from 'node:assert'
import dgram from 'node:dgram'
import {type DnsServer, requireBinaries, startDnsmasq, useTestEnv} from '../env/index.js'
import {
  brief,
  dnsCheck,
  GOOD_RECORDS,
  HELMRELEASE,
  helmRelease,
  lineOf,
  mesh,
  PEERS,
  POOL,
  records,
  settingsLine,
  settingsPath,
  SHARED,
  startValidatingResolver,
  statuses,
} from './support.js'

describe('dns-check: repository against dnsmasq', function () {
  this.timeout(30_000)
  useTestEnv()
  let good: DnsServer

  before(async function () {
    requireBinaries(this, ['dnsmasq'])
    good = await startDnsmasq(GOOD_RECORDS)
  })

  const fqdnLine = (cluster: string) => `${settingsPath(cluster)}:${settingsLine(mesh(), cluster, 'CILIUM_CLUSTERMESH_FQDN')}`
  const pinLine = (cluster: string, input = mesh()) => `${settingsPath(cluster)}:${settingsLine(input, cluster, 'CILIUM_CLUSTERMESH_LB_IP')}`

  it('passes every check on the healthy mesh; the live comparison is skipped without a context', async () => {
    const g = await dnsCheck({mesh: mesh(), resolver: good.server})
    assert.deepEqual(g.findings, [])
    const expected = ['infra', 'apps', 'edge'].flatMap((c) => [
      `CM601 ${c} pass`,
      `CM602 ${c} pass`,
      `CM603 ${c} skip`,
      `CM604 ${c} pass`,
      ...['infra', 'apps', 'edge'].filter((o) => o !== c).map((o) => `CM605 ${o}>${c} pass`),
    ])
    assert.deepEqual(statuses(g), expected.sort())
    assert.equal(g.results.find((r) => r.id === 'CM603')?.reason, 'no kube context for this cluster (--context)')
    assert.ok(!g.results.some((r) => r.id === 'CM301'), 'CM301 only runs with contexts')
    assert.deepEqual(g.results.filter((r) => r.id.startsWith('CM0')).map((r) => `${r.id} ${r.status}`), ['CM001 pass', 'CM002 pass', 'CM003 pass', 'CM004 pass', 'CM005 pass', 'CM006 pass', 'CM007 pass'])
  })

  it('shows the answers with their TTLs, the pin, and the pool in the notes table and in clusters[]', async () => {
    const g = await dnsCheck({mesh: mesh(), resolver: good.server})
    const row = g.notes?.find((l) => l.trimStart().startsWith('apps '))
    assert.ok(row, g.notes?.join('\n'))
    assert.match(row, /^ {2}apps +clustermesh-apps\.example\.io +10\.25\.11\.120 \(300s\) +10\.25\.11\.120 +- +10\.25\.11\.120-10\.25\.11\.139$/)
    assert.equal(g.notes?.[0], `DNS through resolver ${good.server}`)
    assert.ok(g.notes?.includes(`  apps: clustermesh-apps.example.io from CILIUM_CLUSTERMESH_FQDN (${fqdnLine('apps')})`), g.notes?.join('\n'))
    const apps = g.clusters?.find((c) => c.name === 'apps')
    assert.deepEqual(apps?.dns, {
      name: 'clustermesh-apps.example.io',
      nameFrom: 'CILIUM_CLUSTERMESH_FQDN',
      answers: [{type: 'A', address: '10.25.11.120', ttl: 300}],
    })
    assert.equal(apps?.id, 2, 'the repository summary is kept')
  })

  it('CM601: a missing record is NXDOMAIN, at the line the name comes from', async () => {
    const dns = await startDnsmasq(records({'clustermesh-apps.example.io': undefined}))
    const g = await dnsCheck({mesh: mesh(), resolver: dns.server})
    assert.deepEqual(brief(g.findings), [`CM601 apps ${fqdnLine('apps')}`])
    assert.match(g.findings[0].message, /clustermesh-apps\.example\.io does not resolve through resolver 127\.0\.0\.1:\d+: the name does not exist \(NXDOMAIN\)/)
    assert.deepEqual(g.findings[0].details?.slice(0, 2), ['name from CILIUM_CLUSTERMESH_FQDN', 'A: NXDOMAIN (clustermesh-apps.example.io does not exist (NXDOMAIN))'])
    // What depends on an answer steps aside instead of passing.
    assert.match(g.results.find((r) => r.id === 'CM602' && r.cluster === 'apps')?.reason ?? '', /does not resolve \(NXDOMAIN, CM601\)/)
    assert.equal(g.results.find((r) => r.id === 'CM602' && r.cluster === 'apps')?.status, 'skip')
    await dns.stop()
  })

  it('CM601: a resolver that fails DNSSEC validation is SERVFAIL', async function () {
    const servfail = await startValidatingResolver(good)
    const g = await dnsCheck({mesh: mesh(), resolver: servfail})
    assert.deepEqual(sorted(brief(g.findings)), sorted(['infra', 'apps', 'edge'].map((c) => `CM601 ${c} ${fqdnLine(c)}`)))
    for (const f of g.findings) assert.match(f.message, /the resolver failed to answer \(SERVFAIL\)/)
  })

  it('CM601: a resolver that never answers is a timeout', async () => {
    const mute = dgram.createSocket('udp4')
    await new Promise<void>((r) => mute.bind(0, '127.0.0.1', () => r()))
    try {
      const g = await dnsCheck({mesh: mesh({clusters: ['infra', 'apps']}), resolver: `127.0.0.1:${mute.address().port}`, dnsTimeoutMs: 500})
      assert.deepEqual(sorted(brief(g.findings)), sorted([`CM601 infra ${fqdnLine('infra')}`, `CM601 apps ${fqdnLine('apps')}`]))
      for (const f of g.findings) assert.match(f.message, /no answer in time \(timeout\)/)
    } finally {
      mute.close()
    }
  })

  it('CM602: a record pointing at another cluster\'s address, at the pin\'s line (CM604 too: outside the pool)', async () => {
    const dns = await startDnsmasq(records({'clustermesh-apps.example.io': '10.25.11.100'}))
    const g = await dnsCheck({mesh: mesh(), resolver: dns.server})
    assert.deepEqual(brief(g.findings), [`CM602 apps ${pinLine('apps')}`, 'CM604 apps :'])
    assert.equal(
      g.findings[0].message,
      'clustermesh-apps.example.io resolves to 10.25.11.100, but the repository pins 10.25.11.120 (annotation lbipam.cilium.io/ips, from CILIUM_CLUSTERMESH_LB_IP)',
    )
    assert.match(g.findings[1].message, /^10\.25\.11\.100 \(clustermesh-apps\.example\.io resolves to it\) is outside every LB pool of apps/)
    assert.deepEqual(g.findings[1].details, [`pool apps-pool: 10.25.11.120-10.25.11.139 (${POOL}:${lineOf(SHARED[POOL], '- start')})`])
    await dns.stop()
  })

  it('CM604: a pinned address outside the pool, with DNS agreeing, points at the pin', async () => {
    const input = mesh({settings: {apps: {CILIUM_CLUSTERMESH_LB_IP: '10.25.11.200'}}})
    const dns = await startDnsmasq(records({'clustermesh-apps.example.io': '10.25.11.200'}))
    const g = await dnsCheck({mesh: input, resolver: dns.server})
    assert.deepEqual(brief(g.findings), [`CM604 apps ${pinLine('apps', input)}`])
    assert.match(
      g.findings[0].message,
      /^10\.25\.11\.200 \(pinned through annotation lbipam\.cilium\.io\/ips, from CILIUM_CLUSTERMESH_LB_IP; clustermesh-apps\.example\.io resolves to it\) is outside every LB pool of apps \(repository\)$/,
    )
    await dns.stop()
  })

  it('CM605: peers configured with port 443 (the story) while the Service exposes 2379, at the peer entry', async () => {
    const peers = PEERS.replace(/(address: clustermesh-apps\.example\.io\n\s+port: )2379/, '$1443')
    const text = helmRelease(peers)
    const g = await dnsCheck({mesh: mesh({shared: {[HELMRELEASE]: text}}), resolver: good.server})
    const entry = `${HELMRELEASE}:${lineOf(text, '- name: apps')}`
    assert.deepEqual(sorted(brief(g.findings)), [`CM605 edge>apps ${entry}`, `CM605 infra>apps ${entry}`])
    assert.equal(
      g.findings.find((f) => f.cluster === 'infra')?.message,
      'infra reaches apps (clustermesh-apps.example.io) on port 443 (clustermesh.config.clusters), but the LoadBalancer Service the chart renders exposes 2379',
    )
    assert.equal(g.findings[0].severity, 'warning')
  })

  it('a NodePort Service: peers must use the nodePort; the pools do not apply', async () => {
    const text = helmRelease().replace('type: LoadBalancer', 'type: NodePort\n          nodePort: 32379')
    const g = await dnsCheck({mesh: mesh({shared: {[HELMRELEASE]: text}}), resolver: good.server})
    const all = ['infra', 'apps', 'edge']
    assert.deepEqual(
      sorted(brief(g.findings, 'CM605')),
      sorted(all.flatMap((c) => all.filter((o) => o !== c).map((o) => `CM605 ${o}>${c} ${HELMRELEASE}:${lineOf(text, `- name: ${c}`)}`))),
    )
    assert.match(g.findings[0].message, /on port 2379 \(clustermesh\.config\.clusters\), but the NodePort Service the chart renders exposes 32379$/)
    assert.equal(g.results.find((r) => r.id === 'CM604')?.status, 'skip')
  })
})

const sorted = (xs: readonly string[]) => [...xs].sort()
