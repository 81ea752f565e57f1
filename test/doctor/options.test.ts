// doctor --wait (re-check until every expected peer is connected) and --repo (compare with the Flux repository),
// on three real kube-apiservers.
import {strict as assert} from 'node:assert'
import {requireBinaries, useTestEnv, writeKubeconfig} from '../env/index.js'
import {runCli} from '../support/cli.js'
import {NS, apply, core} from './api.js'
import {configMap, meshSecret, meshSecretData, seedMeshCluster, serviceObject} from './mesh.js'
import {writeMeshRepo} from './repo-fixture.js'
import {startTestMesh, stopTestMesh, type TestMesh} from './setup.js'
import {findingOf, fired, statusOf} from './support.js'

describe('doctor: --wait and --repo', function () {
  this.timeout(60_000)
  useTestEnv()
  let mesh: TestMesh
  let repo: import('../../src/lib/mesh/types.js').MeshModel
  let repoDir: string

  before(async function () {
    requireBinaries(this, ['etcd', 'kube-apiserver', 'cilium-crds'])
    this.timeout(240_000)
    mesh = await startTestMesh()
    repoDir = writeMeshRepo(mesh.specs)
    const {loadRepoModel} = await import('../../src/lib/doctor/repo-source.js')
    repo = (await loadRepoModel(repoDir)).model
  })
  after(() => stopTestMesh(mesh))
  afterEach(async function () {
    this.timeout(60_000)
    mesh.remotes = (_s, _r, normal) => normal
    await Promise.all(mesh.clusters.map((c, i) => seedMeshCluster(c, mesh.specs[i])))
  })

  describe('--wait', () => {
    it('waits until the agents report every peer ready, printing why not meanwhile', async () => {
      // alpha's agents connect to gamma 700 ms after doctor first sees them not connected.
      let healthyAt = Infinity
      mesh.remotes = (spec, _req, normal) => (Date.now() < healthyAt && spec.name === 'alpha' ? normal.map((r) => (r.name === 'gamma' ? {...r, ready: false} : r)) : normal)
      const seen: string[][] = []
      const onNotReady = (reasons: string[]) => {
        if (seen.push(reasons) === 1) healthyAt = Date.now() + 700
      }
      const g = await mesh.doctor({waitMs: 20_000, intervalMs: 300, onNotReady})
      fired(g, [])
      assert.ok(seen.length >= 2, `asked again while not ready (${seen.length})`)
      assert.deepEqual(seen[0], ['doctor-1: 2/2 agents not connected to gamma'])
      assert.match(g.notes?.[0] ?? '', /^--wait: every expected peer connected \(\d+ attempts, \d+\.\ds\)$/)
    })

    it('at the deadline, reports the last state: the peer still not connected is a CM311 error', async () => {
      mesh.remotes = (spec, _req, normal) => (spec.name === 'beta' ? normal.map((r) => (r.name === 'alpha' ? {...r, ready: false, numFailures: 3} : r)) : normal)
      const started = Date.now()
      let calls = 0
      const g = await mesh.doctor({waitMs: 1000, intervalMs: 250, onNotReady: () => calls++})
      const took = Date.now() - started
      assert.ok(took >= 1000 && took < 4000, `took ${took} ms`)
      assert.ok(calls >= 2)
      fired(g, ['CM311'])
      assert.match(g.notes?.[0] ?? '', /^--wait: still not ready after \d\.\ds: doctor-2: 2\/2 agents not connected to alpha; doctor-2: 1\/1 KVStoreMesh replicas not connected to alpha$/)
    })

    it('compares with the expected peers, not with "no error": a Secret that has not reached a cluster is not ready', async () => {
      // beta has not received alpha yet; its agents, knowing nothing of alpha, report all they know as ready.
      const {alpha: _a, ...agents} = meshSecretData(mesh.specs[1], 'clustermesh')
      const {alpha: _b, ...kvstoremesh} = meshSecretData(mesh.specs[1], 'kvstoremesh')
      await apply(mesh.clusters[1], core('secrets'), meshSecret(mesh.specs[1], 'clustermesh', agents))
      await apply(mesh.clusters[1], core('secrets'), meshSecret(mesh.specs[1], 'kvstoremesh', kvstoremesh))
      mesh.remotes = (spec, _req, normal) => (spec.name === 'beta' ? normal.filter((r) => r.name !== 'alpha') : normal)
      const seen: string[] = []
      const g = await mesh.doctor({waitMs: 600, intervalMs: 200, onNotReady: (reasons) => seen.push(...reasons)})
      assert.ok(seen.includes('doctor-2: no entry yet for alpha, which lists beta'), seen.join('\n'))
      assert.match(g.notes?.[0] ?? '', /still not ready/)
      findingOf(g, 'CM404', {cluster: mesh.clusters[1].name, peer: mesh.clusters[0].name})
    })

    it('through the CLI: a bare --wait waits (default 5m) and prints "Not ready:" on stderr; --timeout still ends the run with 124', async () => {
      // No kubelet here, so the agents cannot be asked through the real API server: never ready.
      const run = runCli(['doctor', '--kubeconfig', writeKubeconfig(mesh.clusters), '--all-contexts', '--wait', '--timeout', '3s', '-o', 'json'])
      assert.equal(run.code, 124, run.stdout + run.stderr)
      assert.match(run.stderr, /^Not ready: doctor-1: 2 pods did not report their status \(\+\d+ more\)$/m)
      assert.match(run.stderr, /timed out after 3s \(--timeout\)/)
    })
  })

  describe('--repo', () => {
    it('a mesh that runs what the repository declares: CM304 and CM307 compare and pass', async () => {
      const g = await mesh.doctor({repo})
      fired(g, [])
      for (const c of mesh.clusters) {
        assert.deepEqual(statusOf(g, 'CM304', c.name), ['pass'])
        assert.deepEqual(statusOf(g, 'CM307', c.name), ['pass'])
      }
    })

    it('CM402 and CM304: a live cluster-id that is another cluster\'s and not the repository\'s', async () => {
      await apply(mesh.clusters[2], core('configmaps'), {...configMap({...mesh.specs[2], id: 1})})
      const g = await mesh.doctor({repo})
      fired(g, ['CM304', 'CM402'])
      const f = findingOf(g, 'CM304', {cluster: mesh.clusters[2].name})
      assert.equal(f.message, 'live cluster-id is 1, the repository (gamma) declares 3')
      assert.deepEqual({file: f.file, line: f.line}, {file: 'kubernetes/clusters/gamma/cluster-settings.yaml', line: 8})
      assert.deepEqual(f.resource, {apiVersion: 'v1', kind: 'ConfigMap', namespace: NS, name: 'cilium-config'})
    })

    it('CM307: the live address differs from the address the repository pins and configures its peers with', async () => {
      await apply(mesh.clusters[2], core('services'), serviceObject(mesh.specs[2], '10.99.3.7'))
      const g = await mesh.doctor({repo})
      fired(g, ['CM307', 'CM405'])
      const gamma = g.findings.filter((f) => f.id === 'CM307').map((f) => `${f.message} @${f.file ?? '-'}:${f.line ?? ''}`)
      assert.ok(gamma.includes('the repository (gamma) pins 10.99.3.100 (annotation lbipam.cilium.io/ips); the live Service has 10.99.3.7 @kubernetes/clusters/gamma/cluster-settings.yaml:11'), gamma.join('\n'))
      assert.ok(gamma.some((m) => /^the repository configures alpha to reach gamma at 10\.99\.3\.100:2379; the live Service is at 10\.99\.3\.7:2379 @kubernetes\/infrastructure\/cilium\.yaml:\d+$/.test(m)), gamma.join('\n'))
    })

    it('through the CLI: an unreadable --repo is a usage error (exit 2)', () => {
      const run = runCli(['doctor', '--kubeconfig', writeKubeconfig(mesh.clusters), '--all-contexts', '--repo', '/nonexistent/repo'])
      assert.equal(run.code, 2, run.stdout + run.stderr)
    })
  })
})
