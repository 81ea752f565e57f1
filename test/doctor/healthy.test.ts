// doctor on a healthy mesh of three real kube-apiservers: every live check runs, passes, and says nothing.
import {strict as assert} from 'node:assert'
import {requireBinaries, useTestEnv} from '../env/index.js'
import {startTestMesh, stopTestMesh, type TestMesh} from './setup.js'
import {LIVE_IDS} from './support.js'


describe('doctor: a healthy mesh', function () {
  this.timeout(60_000)
  useTestEnv()
  let mesh: TestMesh

  before(async function () {
    requireBinaries(this, ['etcd', 'kube-apiserver', 'cilium-crds'])
    this.timeout(240_000)
    mesh = await startTestMesh()
  })
  after(() => stopTestMesh(mesh))

  it('runs every live check in every cluster, passes them all and reports no finding', async () => {
    const g = await mesh.doctor()
    assert.deepEqual(g.findings.map((f) => `${f.id} ${f.cluster}: ${f.message}`), [])
    // Results are keyed by the Cilium cluster-name (each context of the mesh runs a distinct one).
    const contexts = ['alpha', 'beta', 'gamma']
    for (const id of LIVE_IDS) {
      const results = g.results.filter((r) => r.id === id)
      assert.deepEqual(results.filter((r) => r.status !== 'pass').map((r) => `${r.id} ${r.cluster} ${r.status}: ${r.reason}`), [], id)
      for (const ctx of contexts) assert.ok(results.some((r) => r.cluster === ctx), `${id} ran for ${ctx}`)
    }
    // Every pair was compared, not passed for lack of data.
    assert.equal(g.results.filter((r) => r.id === 'CM405' && r.peer && r.status === 'pass').length, 6)
  })

  it('asks every ready agent, and KVStoreMesh where it runs, for its own view through the exec protocol', async () => {
    for (const s of mesh.standins) s.requests.length = 0
    await mesh.doctor()
    const asked = mesh.standins.map((s) => s.requests.map((r) => `${r.pod}/${r.container}: ${r.command.join(' ')}`).sort())
    assert.deepEqual(asked, [
      ['cilium-alpha-0/cilium-agent: cilium-dbg status -o json', 'cilium-alpha-1/cilium-agent: cilium-dbg status -o json'],
      [
        'cilium-beta-0/cilium-agent: cilium-dbg status -o json',
        'cilium-beta-1/cilium-agent: cilium-dbg status -o json',
        'clustermesh-apiserver-beta-0/kvstoremesh: clustermesh-apiserver kvstoremesh-dbg status -o json',
      ],
      ['cilium-gamma-0/cilium-agent: cilium-dbg status -o json', 'cilium-gamma-1/cilium-agent: cilium-dbg status -o json'],
    ])
  })

  it('describes each cluster as it runs: identity, PodCIDRs, the mesh address, its peers', async () => {
    const g = await mesh.doctor()
    const beta = g.clusters?.find((c) => c.context === mesh.clusters[1].name)
    assert.deepEqual(
      {name: beta?.name, clusterName: beta?.clusterName, id: beta?.id, cilium: beta?.ciliumVersion, mesh: beta?.clustermesh},
      {name: 'beta', clusterName: 'beta', id: 2, cilium: 'v1.18.3', mesh: {serviceType: 'LoadBalancer', address: '10.99.2.100', port: 2379, kvstoremesh: true, peers: ['alpha', 'gamma']}},
    )
    assert.deepEqual(beta?.podCIDRs, ['10.12.0.0/24', '10.12.1.0/24', '10.12.0.0/16'])
  })
})
