// kubectl mesh init on Argo CD repositories, through the real CLI: the new cluster added in the repository's own
// convention (an Application per cluster with valuesObject; a list generator element per cluster with a values file
// per cluster), lint clean after it, a second run that changes nothing, --dry-run that writes nothing.
import assert from 'node:assert/strict'
import {existsSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {loadRepository} from '../../src/lib/lint/load.js'
import {lintRepository} from '../../src/lib/lint/run.js'
import {planArgo} from '../../src/lib/init/argocd-plan.js'
import {factsOf} from '../../src/lib/init/facts.js'
import {existingClusters} from '../../src/lib/init/planner.js'
import {chooseTemplate, newFacts} from '../../src/lib/init/template.js'
import {Workspace} from '../../src/lib/init/workspace.js'
import {runCli} from '../support/cli.js'
import {cleanRepos, fingerprint, modelOf, read, repoCopy} from './support.js'

/** Errors and warnings of a lint run (what "clean" means: the starting fixtures have none). */
async function problems(dir: string): Promise<string[]> {
  const g = await lintRepository(dir, {selection: {}})
  return g.findings.filter((f) => f.severity === 'error' || f.severity === 'warning').map((f) => `${f.id} [${f.cluster ?? ''}] ${f.message}`)
}

const APPSET = ['--name', 'ap', '--id', '3', '--pod-cidr', '10.3.0.0/16', '--service-cidr', '10.103.0.0/16', '--lb-pool', '10.0.3.96/28', '--lb-ip', '10.0.3.100']
const APPS = ['--name', 'north', '--id', '3', '--pod-cidr', '10.3.0.0/16', '--service-cidr', '10.103.0.0/16', '--lb-pool', '10.0.3.96/28', '--lb-ip', '10.0.3.100']

describe('kubectl mesh init on Argo CD repositories', () => {
  after(cleanRepos)

  it('the starting fixtures lint clean', async () => {
    for (const f of ['argocd-appset-list', 'argocd-app-per-cluster']) assert.deepEqual(await problems(repoCopy(f)), [], f)
  })

  it('list generator: a new element, a copy of the closest cluster\'s values file and pool, the shared peer list completed', async () => {
    const dir = repoCopy('argocd-appset-list')
    const run = runCli(['init', '--repo', dir, ...APPSET, '--yes'])
    assert.equal(run.code, 0, run.stderr + run.stdout)
    assert.match(run.stdout, /^Wrote 4 files: argocd\/cilium\.yaml, clusters\/ap\/cilium-values\.yaml, clusters\/ap\/platform\/lb-pool\.yaml, values\/cilium-common\.yaml$/m)
    assert.match(run.stdout, /^lint of the result: [^]*^lint passed: 0 errors, 0 warnings;/m)
    assert.match(read(dir, 'argocd/cilium.yaml'), / {10}- cluster: us\n {12}url: https:\/\/us\.k8s\.example\.com\n {10}- cluster: ap\n {12}url: https:\/\/ap\.k8s\.example\.com\n {2}template:/)
    assert.equal(
      read(dir, 'clusters/ap/cilium-values.yaml'),
      read(dir, 'clusters/us/cilium-values.yaml').replace('name: us', 'name: ap').replace('id: 2', 'id: 3').replace('10.2.0.0/16', '10.3.0.0/16').replace('10.0.2.100', '10.0.3.100'),
    )
    assert.match(read(dir, 'clusters/ap/platform/lb-pool.yaml'), /- cidr: 10\.0\.3\.96\/28\n$/)
    assert.match(read(dir, 'values/cilium-common.yaml'), /# Shared by every cluster of the mesh\.\n[^]*- name: us\n {8}ips: \["10\.0\.2\.100"\]\n {8}port: 2379\n {6}- name: ap\n {8}ips: \["10\.0\.3\.100"\]\n {8}port: 2379\n$/)
    assert.deepEqual(await problems(dir), [])
    const ap = (await modelOf(dir)).clusters.find((c) => c.name === 'ap')!
    assert.deepEqual([ap.clusterId.known && ap.clusterId.value, ap.podCIDRs.known && ap.podCIDRs.value.map((x) => x.cidr)], [3, ['10.3.0.0/16']])
    assert.equal(ap.lbPools[0]?.blocks[0]?.text, '10.0.3.96/28')
    const written = fingerprint(dir)
    const again = runCli(['init', '--repo', dir, ...APPSET, '--yes'])
    assert.equal(again.code, 0, again.stderr)
    assert.equal(again.stdout, 'Nothing to change: cluster ap is already in the repository as these answers describe it.\n')
    assert.deepEqual(fingerprint(dir), written)
  })

  it('Application per cluster: a copied Application with its valuesObject, platform Application, cluster Secret and pool; every peer list completed', async () => {
    const dir = repoCopy('argocd-app-per-cluster')
    const run = runCli(['init', '--repo', dir, ...APPS, '--yes'])
    assert.equal(run.code, 0, run.stderr + run.stdout)
    assert.match(run.stdout, /^Wrote 6 files: argocd\/apps\/cilium-east\.yaml, argocd\/apps\/cilium-north\.yaml, argocd\/apps\/cilium-west\.yaml, argocd\/apps\/platform-north\.yaml, argocd\/clusters\/north\.yaml, clusters\/north\/platform\/lb-pool\.yaml$/m)
    assert.match(run.stdout, /^lint of the result: [^]*^lint passed: 0 errors, 0 warnings;/m)
    const app = read(dir, 'argocd/apps/cilium-north.yaml')
    assert.match(app, /^ {2}name: cilium-north$/m)
    assert.match(app, /cluster:\n {10}name: north\n {10}id: 3\n/)
    assert.match(app, /clusterPoolIPv4PodCIDRList: \["10\.3\.0\.0\/16"\]/)
    assert.match(app, /lbipam\.cilium\.io\/ips: "10\.0\.3\.100"/)
    assert.match(app, /- name: east\n {16}ips: \["10\.0\.1\.100"\][^]*- name: west\n {16}ips: \["10\.0\.2\.100"\][^]*- name: north\n {16}ips: \["10\.0\.3\.100"\]/)
    assert.match(app, /destination:\n {4}name: north\n/)
    for (const peer of ['east', 'west']) assert.match(read(dir, `argocd/apps/cilium-${peer}.yaml`), /- name: north\n {16}ips: \["10\.0\.3\.100"\]\n {16}port: 2379\n {2}destination:/)
    assert.match(read(dir, 'argocd/apps/platform-north.yaml'), /path: clusters\/north\/platform\n/)
    assert.match(read(dir, 'argocd/clusters/north.yaml'), /name: cluster-north[^]*name: north\n {2}server: https:\/\/north\.k8s\.example\.com\n/)
    assert.deepEqual(await problems(dir), [])
    const north = (await modelOf(dir)).clusters.find((c) => c.name === 'north')!
    assert.equal(north.clusterId.known && north.clusterId.value, 3)
    assert.deepEqual(north.clustermesh.peers.known && north.clustermesh.peers.value.map((p) => p.name), ['east', 'west', 'north'])
    const written = fingerprint(dir)
    const again = runCli(['init', '--repo', dir, ...APPS, '--yes'])
    assert.equal(again.code, 0, again.stderr)
    assert.equal(again.stdout, 'Nothing to change: cluster north is already in the repository as these answers describe it.\n')
    assert.deepEqual(fingerprint(dir), written)
  })

  it('--dry-run shows the plan and writes nothing; suggestions fill what no flag gives', () => {
    for (const [fixture, name] of [['argocd-appset-list', 'ap'], ['argocd-app-per-cluster', 'north']] as const) {
      const dir = repoCopy(fixture)
      const before = fingerprint(dir)
      const run = runCli(['init', '--repo', dir, '--name', name, '--dry-run'])
      assert.equal(run.code, 0, run.stderr)
      assert.match(run.stdout, new RegExp(`^Cluster ${name} \\(id 3\\) in the shape of `))
      assert.match(run.stdout, /^Dry run: nothing written\.$/m)
      assert.match(run.stdout, /lbipam\.cilium\.io\/ips: "10\.0\.3\.100"/)
      assert.deepEqual(fingerprint(dir), before)
      assert.equal(existsSync(join(dir, 'clusters', name)), false)
    }
  })

  it('cluster Secrets kept in one file: the new cluster\'s Secret is appended as a document of its own', async () => {
    const dir = repoCopy('argocd-app-per-cluster')
    writeFileSync(join(dir, 'argocd/clusters.yaml'), `${read(dir, 'argocd/clusters/east.yaml')}---\n${read(dir, 'argocd/clusters/west.yaml')}`)
    rmSync(join(dir, 'argocd/clusters'), {recursive: true})
    const run = runCli(['init', '--repo', dir, ...APPS, '--yes'])
    assert.equal(run.code, 0, run.stderr + run.stdout)
    assert.match(run.stdout, /^Wrote 6 files: .*argocd\/clusters\.yaml/m)
    assert.match(read(dir, 'argocd/clusters.yaml'), /name: west\n[^]*\n---\napiVersion: v1\nkind: Secret\nmetadata:\n {2}name: cluster-north\n[^]*stringData:\n {2}name: north\n {2}server: https:\/\/north\.k8s\.example\.com\n/)
    assert.deepEqual(await problems(dir), [])
    const written = fingerprint(dir)
    assert.match(runCli(['init', '--repo', dir, ...APPS, '--yes']).stdout, /^Nothing to change/)
    assert.deepEqual(fingerprint(dir), written)
  })

  it('a list generator inside a matrix gets the new element', async () => {
    const dir = repoCopy('argocd-appset-list')
    const set = read(dir, 'argocd/cilium.yaml')
    const matrix = set
      .replace(/ {4}- list:\n {8}elements:\n((?: {10}.*\n)+)/, (_m, els: string) =>
        `    - matrix:\n        generators:\n          - list:\n              elements:\n${els.replace(/^(?=.)/gm, '      ')}          - list:\n              elements:\n                - release: cilium\n`)
      .replace('releaseName: cilium', "releaseName: '{{.release}}'")
    assert.notEqual(matrix, set)
    writeFileSync(join(dir, 'argocd/cilium.yaml'), matrix)
    assert.deepEqual(await problems(dir), [])
    const run = runCli(['init', '--repo', dir, ...APPSET, '--yes'])
    assert.equal(run.code, 0, run.stderr + run.stdout)
    assert.match(read(dir, 'argocd/cilium.yaml'), / {16}- cluster: us\n {18}url: https:\/\/us\.k8s\.example\.com\n {16}- cluster: ap\n {18}url: https:\/\/ap\.k8s\.example\.com\n {10}- list:\n/)
    assert.deepEqual(await problems(dir), [])
    assert.ok((await modelOf(dir)).clusters.some((c) => c.name === 'ap' && c.clusterId.known && c.clusterId.value === 3))
  })

  it('names the conventions it recognised', async () => {
    for (const [fixture, want] of [
      ['argocd-appset-list', [/files of its own per cluster \(clusters\/us\)/, /a list generator element per cluster \(argocd\/cilium\.yaml\)/]],
      ['argocd-app-per-cluster', [/files of its own per cluster \(clusters\/west, argocd\/clusters\/west\.yaml, argocd\/apps\/cilium-west\.yaml, argocd\/apps\/platform-west\.yaml\)/]],
    ] as const) {
      const dir = repoCopy(fixture)
      const loaded = await loadRepository(dir)
      const existing = existingClusters(loaded, 'x')
      const answers = {name: 'x', id: 3, podCIDRs: ['10.3.0.0/16'], serviceCIDRs: ['10.103.0.0/16'], lbPool: '10.0.3.96/28', lbIP: '10.0.3.100'}
      const template = chooseTemplate(existing, answers)
      const r = planArgo({loaded, answers, template, existing, ws: new Workspace(dir), from: factsOf(template), to: newFacts(template, answers)})
      for (const re of want) assert.ok(r.conventions.some((c) => re.test(c)), `${fixture}: ${r.conventions.join('; ')}`)
    }
  })
})
