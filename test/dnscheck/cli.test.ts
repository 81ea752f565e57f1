// kubectl mesh dns-check through the real CLI (node --import tsx bin/dev.js): exit codes, -o json, the text
// table, usage errors; on the example repository, a copy of it with the story's port 443, and a live context.
import {strict as assert} from 'node:assert'
import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Report} from '../../src/lib/report/types.js'
import {type Cluster, type DnsServer, requireBinaries, startCluster, startDnsmasq, useTestEnv, writeKubeconfig} from '../env/index.js'
import {runCli} from '../support/cli.js'
import {putCiliumConfig, putService} from './live-objects.js'

const EXAMPLE = 'examples/mesh-repo'
const HR = 'kubernetes/infrastructure/networking/cilium/core/app/helmrelease.yaml'
const RECORDS = [
  {name: 'infra-cilium-apiserver.example.io', a: '10.25.11.100', ttl: 300},
  {name: 'apps-cilium-apiserver.example.io', a: '10.25.11.120', ttl: 300},
]

const json = (stdout: string) => JSON.parse(stdout) as Report
const brief = (r: Report) => r.findings.map((f) => `${f.id} ${f.cluster ?? ''}${f.peer ? `>${f.peer}` : ''} ${f.file ?? ''}:${f.line ?? ''}`)

describe('kubectl mesh dns-check through the CLI', function () {
  this.timeout(120_000)
  useTestEnv()
  let dns: DnsServer
  let tmp: string

  before(async function () {
    requireBinaries(this, ['dnsmasq'])
    dns = await startDnsmasq(RECORDS)
    tmp = mkdtempSync(join(tmpdir(), 'kubectl-mesh-dns-'))
  })
  after(() => tmp && rmSync(tmp, {recursive: true, force: true}))

  it('exits 0 with status pass and the answers in -o json when the records match the repository', () => {
    const run = runCli(['dns-check', '--repo', EXAMPLE, '--resolver', dns.server, '-o', 'json'])
    assert.equal(run.code, 0, run.stderr + run.stdout)
    const report = json(run.stdout)
    assert.equal(report.command, 'dns-check')
    assert.equal(report.status, 'pass')
    assert.deepEqual(report.findings, [])
    const apps = report.clusters.find((c) => c.name === 'apps')
    assert.deepEqual(apps?.dns, {
      name: 'apps-cilium-apiserver.example.io',
      nameFrom: '<cluster>-cilium-apiserver.<SECRET_DOMAIN>',
      answers: [{type: 'A', address: '10.25.11.120', ttl: 300}],
    })
    assert.equal(run.stderr, '')
  })

  it('exits 1 on a missing record: CM601 at the SECRET_DOMAIN line the name is built from; text shows the table', async () => {
    const partial = await startDnsmasq(RECORDS.slice(0, 1))
    const run = runCli(['dns-check', '--repo', EXAMPLE, '--resolver', partial.server, '-o', 'json'])
    assert.equal(run.code, 1, run.stderr)
    const settings = 'kubernetes/clusters/apps/cluster-settings.yaml'
    const line = readFileSync(join(EXAMPLE, settings), 'utf8').split('\n').findIndex((l) => l.trimStart().startsWith('SECRET_DOMAIN:')) + 1
    assert.ok(line > 0, 'the example sets SECRET_DOMAIN')
    assert.deepEqual(brief(json(run.stdout)), [`CM601 apps ${settings}:${line}`])
    const text = runCli(['dns-check', '--repo', EXAMPLE, '--resolver', partial.server], {env: {NO_COLOR: '1'}})
    assert.equal(text.code, 1)
    assert.match(text.stdout, /✗ CM601 apps-cilium-apiserver\.example\.io does not resolve through resolver 127\.0\.0\.1:\d+: the name does not exist \(NXDOMAIN\)/)
    assert.match(text.stdout, /^ {2}infra +infra-cilium-apiserver\.example\.io +10\.25\.11\.100 \(300s\) +10\.25\.11\.100 +- +10\.25\.11\.100-10\.25\.11\.119$/m)
    assert.match(text.stdout, /^ {2}apps +apps-cilium-apiserver\.example\.io +NXDOMAIN +10\.25\.11\.120 +- +10\.25\.11\.120-10\.25\.11\.139$/m)
    assert.match(text.stdout, /^dns-check failed: 1 error, 0 warnings; /m)
    await partial.stop()
  })

  it('the story\'s port 443 for peers is a warning: exit 0, and exit 1 with --fail-on warning', () => {
    const repo = join(tmp, 'story-443')
    cpSync(EXAMPLE, repo, {recursive: true})
    const hr = readFileSync(join(repo, HR), 'utf8')
    const peers = `      config:
        enabled: true
        clusters:
          - name: infra
            address: infra-cilium-apiserver.example.io
            port: 443
          - name: apps
            address: apps-cilium-apiserver.example.io
            port: 443
`
    const edited = hr.replace(/ {6}config:\n {8}enabled: false\n/, peers)
    assert.notEqual(edited, hr, 'the example still has config.enabled: false')
    writeFileSync(join(repo, HR), edited)
    const line = edited.split('\n').indexOf('          - name: apps') + 1
    const warn = runCli(['dns-check', '--repo', repo, '--resolver', dns.server, '-o', 'json'])
    assert.equal(warn.code, 0, warn.stderr)
    // Sorted by cluster: apps' entry for infra (three lines up), then infra's entry for apps.
    assert.deepEqual(brief(json(warn.stdout)), [`CM605 apps>infra ${HR}:${line - 3}`, `CM605 infra>apps ${HR}:${line}`])
    assert.equal(json(warn.stdout).findings[0].severity, 'warning')
    const strict = runCli(['dns-check', '--repo', repo, '--resolver', dns.server, '--fail-on', 'warning', '-o', 'short'])
    assert.equal(strict.code, 1)
    assert.match(strict.stdout, /^warning CM605 \[infra→apps\] infra reaches apps \(apps-cilium-apiserver\.example\.io\) on port 443 \(clustermesh\.config\.clusters\), but the LoadBalancer Service the chart renders exposes 2379/m)
  })

  it('usage errors exit 2 with a one-line message: a bad --name, a bad --resolver, an unreadable --repo', () => {
    const cases: [string[], RegExp][] = [
      [['--repo', EXAMPLE, '--name', 'apps'], /--name "apps": expected CLUSTER=FQDN/],
      [['--repo', EXAMPLE, '--resolver', 'dns.example.io'], /--resolver "dns\.example\.io": expected IP, IP:PORT or \[IPv6\]:PORT/],
      [['--repo', join(tmp, 'nowhere')], /nowhere/],
    ]
    for (const [args, message] of cases) {
      const run = runCli(['dns-check', ...args])
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`)
      assert.equal(run.stdout, '')
      assert.match(run.stderr, message)
    }
  })

  describe('with a live context', function () {
    let cluster: Cluster
    let kubeconfig: string

    before(async function () {
      requireBinaries(this, ['etcd', 'kube-apiserver'])
      this.timeout(180_000)
      cluster = await startCluster('dnscli')
      kubeconfig = writeKubeconfig([cluster])
      await putCiliumConfig(cluster, 'apps')
    })

    it('--repo and --context: exit 0 when the live Service has the pinned address, 1 when it drifted (CM603)', async () => {
      await putService(cluster, {ingress: ['10.25.11.120'], pinned: '10.25.11.120'})
      const args = ['dns-check', '--repo', EXAMPLE, '--kubeconfig', kubeconfig, '--context', cluster.name, '--resolver', dns.server, '-o', 'json']
      const good = runCli(args)
      assert.equal(good.code, 0, good.stderr + good.stdout)
      assert.ok(json(good.stdout).results.some((r) => r.id === 'CM603' && r.cluster === 'apps' && r.status === 'pass'))
      await putService(cluster, {ingress: ['10.25.11.130'], pinned: '10.25.11.120'})
      const drifted = runCli(args)
      assert.equal(drifted.code, 1)
      assert.deepEqual(brief(json(drifted.stdout)), ['CM603 apps :'])
    })

    it('contexts only (the current context): names from --name; exit 0', async () => {
      await putService(cluster, {ingress: ['10.25.11.120']})
      const run = runCli(['dns-check', '--kubeconfig', kubeconfig, '--name', 'apps=apps-cilium-apiserver.example.io', '--resolver', dns.server, '-o', 'json'])
      assert.equal(run.code, 0, run.stderr + run.stdout)
      const report = json(run.stdout)
      assert.deepEqual(report.clusters.map((c) => c.name), ['apps'])
      assert.ok(report.results.some((r) => r.id === 'CM603' && r.status === 'pass'))
      // -n: Cilium looked for elsewhere; nothing there, so the cluster is known by its context and CM603 steps aside.
      const elsewhere = runCli(['dns-check', '--kubeconfig', kubeconfig, '-n', 'cilium', '--name', `${cluster.name}=apps-cilium-apiserver.example.io`, '--resolver', dns.server, '-o', 'json'])
      assert.equal(elsewhere.code, 0, elsewhere.stderr)
      const skipped = json(elsewhere.stdout).results.find((r) => r.id === 'CM603')
      assert.deepEqual([skipped?.status, skipped?.reason], ['skip', `context ${cluster.name} has no Service cilium/clustermesh-apiserver`])
    })

    it('exits 3 (incomplete) when the context cannot be reached and nothing else failed', async () => {
      const down = writeKubeconfig([{...cluster, url: 'https://127.0.0.1:1'}])
      // Unreachable: cilium-config cannot say it is apps, so the cluster is known by its context.
      const run = runCli(['dns-check', '--kubeconfig', down, '--name', `${cluster.name}=apps-cilium-apiserver.example.io`, '--resolver', dns.server, '--request-timeout', '2s', '-o', 'json'])
      assert.equal(run.code, 3, run.stderr + run.stdout)
      assert.deepEqual(brief(json(run.stdout)), [`CM301 ${cluster.name} :`])
    })
  })
})
