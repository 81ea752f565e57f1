// dns-check with live contexts: real kube-apiservers serving the clustermesh-apiserver Services, a real dnsmasq.
import {strict as assert} from 'node:assert'
import {UsageError} from '../../src/lib/cli/errors.js'
import {openClusters} from '../../src/lib/kube/index.js'
import {type Cluster, type DnsServer, requireBinaries, startClusters, startDnsmasq, useTestEnv, writeKubeconfig} from '../env/index.js'
import {deleteMeshSecret, installPoolCrd, putCiliumConfig, putMeshSecret, putPool, putService} from './live-objects.js'
import {brief, dnsCheck, GOOD_RECORDS, HELMRELEASE, helmRelease, lineOf, mesh, statuses} from './support.js'

describe('dns-check: live contexts against kube-apiservers and dnsmasq', function () {
  this.timeout(60_000)
  useTestEnv()
  let infra: Cluster
  let apps: Cluster
  let kubeconfig: string
  let dns: DnsServer
  const twoClusters = () => mesh({clusters: ['infra', 'apps']})

  before(async function () {
    requireBinaries(this, ['etcd', 'kube-apiserver', 'dnsmasq'])
    this.timeout(180_000)
    ;[infra, apps] = await startClusters(2, 'dnscheck')
    kubeconfig = writeKubeconfig([infra, apps])
    dns = await startDnsmasq(GOOD_RECORDS)
    // Context names (dnscheck-1, dnscheck-2) differ from the cluster names: cilium-config joins them.
    await putCiliumConfig(infra, 'infra')
    await putCiliumConfig(apps, 'apps')
  })

  beforeEach(async () => {
    await putService(infra, {ingress: ['10.25.11.100'], pinned: '10.25.11.100'})
    await putService(apps, {ingress: ['10.25.11.120'], pinned: '10.25.11.120'})
  })

  const clients = (file = kubeconfig) => openClusters({kubeconfig: file, allContexts: true, requestTimeoutMs: 5000, env: {}})

  it('repository and contexts agree: every check passes, CM603 included', async () => {
    const g = await dnsCheck({mesh: twoClusters(), clients: await clients(), resolver: dns.server})
    assert.deepEqual(g.findings, [])
    assert.deepEqual(statuses(g), [
      'CM301 apps pass', 'CM301 infra pass',
      'CM601 apps pass', 'CM601 infra pass',
      'CM602 apps pass', 'CM602 infra pass',
      'CM603 apps pass', 'CM603 infra pass',
      'CM604 apps pass', 'CM604 infra pass',
      'CM605 apps>infra pass', 'CM605 infra>apps pass',
    ])
    const row = g.notes?.find((l) => l.trimStart().startsWith('apps '))
    assert.match(row ?? '', /^ {2}apps +clustermesh-apps\.example\.io +10\.25\.11\.120 \(300s\) +10\.25\.11\.120 +10\.25\.11\.120 +10\.25\.11\.120-10\.25\.11\.139$/)
    assert.equal(g.clusters?.find((c) => c.name === 'apps')?.dns && (g.clusters.find((c) => c.name === 'apps')!.dns as {context: string}).context, apps.name)
  })

  it('CM603: the record and the pin agree, but the live Service got another address', async () => {
    await putService(apps, {ingress: ['10.25.11.121'], pinned: '10.25.11.120'})
    const g = await dnsCheck({mesh: twoClusters(), clients: await clients(), resolver: dns.server})
    assert.deepEqual(brief(g.findings), ['CM603 apps :'])
    const f = g.findings[0]
    assert.equal(
      f.message,
      `clustermesh-apps.example.io resolves to 10.25.11.120, but the live Service kube-system/clustermesh-apiserver (context ${apps.name}) has 10.25.11.121 (status.loadBalancer.ingress)`,
    )
    assert.deepEqual(f.resource, {apiVersion: 'v1', kind: 'Service', namespace: 'kube-system', name: 'clustermesh-apiserver'})
    assert.deepEqual(f.details, ['A 10.25.11.120 (ttl 300s)', 'AAAA: no record (clustermesh-apps.example.io exists but has no AAAA record)'])
  })

  it('CM603 compares with the pinned annotation while the load balancer has not assigned an address yet', async () => {
    await putService(apps, {pinned: '10.25.11.125'})
    const g = await dnsCheck({mesh: twoClusters(), clients: await clients(), resolver: dns.server})
    assert.deepEqual(brief(g.findings), ['CM603 apps :'])
    assert.match(g.findings[0].message, /has 10\.25\.11\.125 \(its pinned address; no ingress address is assigned yet\)$/)
  })

  it('CM605 against the live Service: a NodePort Service exposes its nodePort, not the 2379 peers use', async () => {
    await putService(apps, {type: 'NodePort', nodePort: 32379})
    const g = await dnsCheck({mesh: twoClusters(), clients: await clients(), resolver: dns.server})
    assert.deepEqual(brief(g.findings), [`CM605 infra>apps ${HELMRELEASE}:${lineOf(helmRelease(), '- name: apps')}`])
    assert.equal(
      g.findings[0].message,
      `infra reaches apps (clustermesh-apps.example.io) on port 2379 (clustermesh.config.clusters), but the live Service kube-system/clustermesh-apiserver (NodePort, context ${apps.name}) exposes 32379`,
    )
    assert.match(g.results.find((r) => r.id === 'CM603' && r.cluster === 'apps')?.reason ?? '', /the Service is NodePort/)
  })

  it('contexts only: names from the Services\' external-dns annotation; pools read live (CM604)', async () => {
    await installPoolCrd(apps)
    await putPool(apps, 'apps-pool', '10.25.11.130', '10.25.11.139')
    await putService(infra, {ingress: ['10.25.11.100'], hostname: 'clustermesh-infra.example.io'})
    await putService(apps, {ingress: ['10.25.11.120'], pinned: '10.25.11.120', hostname: 'clustermesh-apps.example.io'})
    const g = await dnsCheck({clients: await clients(), resolver: dns.server})
    assert.deepEqual(brief(g.findings), ['CM604 apps :'])
    assert.equal(
      g.findings[0].message,
      `10.25.11.120 (pinned through the live Service's LB-IPAM annotation in context ${apps.name}; clustermesh-apps.example.io resolves to it) is outside every LB pool of apps (live)`,
    )
    assert.deepEqual(g.findings[0].resource, {apiVersion: 'v1', kind: 'Service', namespace: 'kube-system', name: 'clustermesh-apiserver'})
    assert.deepEqual(g.findings[0].details, ['pool apps-pool: 10.25.11.130-10.25.11.139'])
    assert.deepEqual(statuses(g).filter((s) => / (infra|apps) /.test(s) && !s.startsWith('CM301')), [
      'CM601 apps pass', 'CM601 infra pass',
      'CM602 apps skip', 'CM602 infra skip',
      'CM603 apps pass', 'CM603 infra pass',
      'CM604 apps fail', 'CM604 infra skip',
      'CM605 apps skip', 'CM605 infra skip',
    ])
    assert.equal(g.results.find((r) => r.id === 'CM604' && r.cluster === 'infra')?.reason, 'no LB pool is known: no repository (--repo), and the context serves no CiliumLoadBalancerIPPool')
  })

  it('CM605 from the live mesh Secrets (peers configured outside the chart, as with the story\'s ExternalSecret)', async () => {
    await putMeshSecret(infra, {infra: 'https://infra.mesh.cilium.io:2379', apps: 'https://clustermesh-apps.example.io:443'})
    await putMeshSecret(apps, {infra: 'https://clustermesh-infra.example.io:2379'})
    try {
      const g = await dnsCheck({clients: await clients(), resolver: dns.server, names: {infra: 'clustermesh-infra.example.io', apps: 'clustermesh-apps.example.io'}})
      assert.deepEqual(brief(g.findings.filter((f) => f.id === 'CM605')), ['CM605 infra>apps :'])
      const f = g.findings.find((x) => x.id === 'CM605')!
      assert.equal(
        f.message,
        `infra reaches apps (clustermesh-apps.example.io) on port 443 (Secret kube-system/cilium-clustermesh in context ${infra.name}), but the live Service kube-system/clustermesh-apiserver (LoadBalancer, context ${apps.name}) exposes 2379`,
      )
      assert.deepEqual(f.resource, {apiVersion: 'v1', kind: 'Secret', namespace: 'kube-system', name: 'cilium-clustermesh'})
      assert.equal(g.results.find((r) => r.id === 'CM605' && r.cluster === 'apps' && r.peer === 'infra')?.status, 'pass')
      assert.ok(!JSON.stringify(g).includes('placeholder'), 'nothing of the Secret but host and port leaves dns-check')
    } finally {
      await deleteMeshSecret(infra)
      await deleteMeshSecret(apps)
    }
  })

  it('contexts only, --name by cluster name: an unknown record is CM601 with no file (the name is the user\'s)', async () => {
    const g = await dnsCheck({clients: await clients(), resolver: dns.server, names: {infra: 'missing.example.io', apps: 'clustermesh-apps.example.io'}})
    const cm601 = g.findings.filter((f) => f.id === 'CM601')
    assert.deepEqual(brief(cm601), ['CM601 infra :'])
    assert.match(cm601[0].message, /^missing\.example\.io does not resolve through resolver 127\.0\.0\.1:\d+: the name does not exist \(NXDOMAIN\)$/)
    assert.equal(cm601[0].details?.[0], 'name from --name')
    assert.equal(g.results.find((r) => r.id === 'CM601' && r.cluster === 'apps')?.status, 'pass')
  })

  it('--name for a cluster nobody knows is a usage error listing the clusters', async () => {
    await assert.rejects(
      dnsCheck({clients: await clients(), resolver: dns.server, names: {lab: 'lab.example.io'}}),
      (e: unknown) => e instanceof UsageError && e.message === '--name: no cluster "lab"; clusters: apps, infra',
    )
  })

  it('CM301: a context whose user may not read the Service makes the run incomplete, and CM603 steps aside', async () => {
    const nobody = await apps.mintUser('dns-nobody')
    // It may read cilium-config (so the context is known to be apps), not Services.
    await apps.grant('dns-nobody', [{resources: ['configmaps'], verbs: ['get']}], 'kube-system')
    const file = writeKubeconfig([infra, apps], {users: [undefined, nobody]})
    const g = await dnsCheck({mesh: twoClusters(), clients: await clients(file), resolver: dns.server})
    assert.deepEqual(brief(g.findings), ['CM301 apps :'])
    assert.equal(g.findings[0].incomplete, true)
    assert.match(g.findings[0].message, /^context dnscheck-2: services "clustermesh-apiserver" is forbidden: User "dns-nobody" cannot get resource "services"/)
    assert.equal(g.results.find((r) => r.id === 'CM603' && r.cluster === 'apps')?.status, 'skip')
    // The repository checks still ran for that cluster.
    assert.equal(g.results.find((r) => r.id === 'CM602' && r.cluster === 'apps')?.status, 'pass')
    assert.equal(g.incomplete, true)
    const only = await dnsCheck({mesh: twoClusters(), clients: await clients(file), resolver: dns.server, selection: {only: new Set(['CM603'])}})
    assert.deepEqual(only.findings, [])
    assert.equal(only.incomplete, true, 'incomplete even when --only leaves CM301 out')
  })
})
