// The real repository (monosense-io/k8s-gitops): both clusters rendered through their Flux graphs, the two
// wiring mistakes it is known for found at their lines, and Cilium's values substituted per cluster.
import assert from 'node:assert/strict'
import {existsSync} from 'node:fs'
import {helmValues} from '../../src/lib/gitops/flux/helm-values.js'
import type {RenderedCluster} from '../../src/lib/gitops/types.js'
import {CORPUS, findingsOf, fixture, where} from './support/fixtures.js'

describe('rendering the corpus repository', function () {
  before(function () {
    if (!existsSync(CORPUS)) {
      console.log(`    skipped: corpus not found at ${CORPUS}`)
      this.skip()
    }
  })
  const cluster = async (name: string): Promise<RenderedCluster> => (await fixture(CORPUS)).clusters.find((c) => c.name === name)!

  it('finds the two clusters from their flux-system sync', async () => {
    const repo = await fixture(CORPUS)
    assert.deepEqual(repo.clusters.map((c) => [c.name, c.entry]), [['apps', 'kubernetes/clusters/apps'], ['infra', 'kubernetes/clusters/infra']])
    const infra = await cluster('infra')
    const root = infra.kustomizations.find((k) => !k.producedBy)!
    assert.equal(`${root.namespace}/${root.name}`, 'flux-system/cluster-infra-config')
    const core = infra.kustomizations.find((k) => k.name === 'cilium-core')!
    assert.equal(core.producedBy, 'flux-system/cluster-infra-infrastructure')
    assert.equal(core.path, 'kubernetes/infrastructure/networking/cilium/core/app')
    assert.equal(core.targetNamespace, 'kube-system')
    assert.equal(core.variables.get('CLUSTER_ID')?.value, '1')
    assert.deepEqual(core.variables.get('CLUSTER_ID')?.source, {file: 'kubernetes/clusters/infra/cluster-settings.yaml', line: 12, column: 15})
  })

  it('reports the duplicate Flux Kustomization flux-system/cilium-ipam (CM003) with both places', async () => {
    const repo = await fixture(CORPUS)
    const dup = repo.findings.filter((f) => f.id === 'CM003')
    assert.deepEqual(dup.map(where), ['kubernetes/infrastructure/networking/cilium/ipam/apps/ks.yaml:2:1'])
    assert.match(dup[0]!.message, /^Kustomization flux-system\/cilium-ipam \(kustomize\.toolkit\.fluxcd\.io\/v1\) is defined twice/)
    assert.deepEqual(dup[0]!.details, ['first defined at kubernetes/infrastructure/networking/cilium/ipam/infra/ks.yaml:2:1', 'again at kubernetes/infrastructure/networking/cilium/ipam/apps/ks.yaml:2:1'])
  })

  it('reports apps infrastructure waiting for cilium-core, which only its own build applies (CM104)', async () => {
    const found = await findingsOf('CM104', await fixture(CORPUS))
    assert.deepEqual(found.map((f) => [f.cluster, where(f)]), [['apps', 'kubernetes/clusters/apps/infrastructure.yaml:19:7']])
    assert.match(found[0]!.message, /flux-system\/cluster-apps-infrastructure depends on flux-system\/cilium-core, which only exists because flux-system\/cluster-apps-infrastructure applies it/)
  })

  it('substitutes the Cilium HelmRelease per cluster, typed as Flux types it, with positions', async () => {
    for (const [name, id] of [['infra', 1], ['apps', 2]] as const) {
      const c = await cluster(name)
      const hr = c.objects.find((o) => o.object.kind === 'HelmRelease' && o.object.metadata?.name === 'cilium')!
      assert.equal(hr.object.metadata?.namespace, 'kube-system')
      assert.equal(hr.producedBy, 'flux-system/cilium-core')
      const v = helmValues(c, hr).values as {cluster: {name: string; id: number}; ipv4NativeRoutingCIDR: string}
      assert.deepEqual(v.cluster, {name, id})
      assert.deepEqual(hr.locate(['spec', 'values', 'cluster', 'id']), {file: 'kubernetes/infrastructure/networking/cilium/core/app/helmrelease.yaml', line: 28, column: 11})
    }
  })

  it('knows where every ${VAR} of a build is and which ones the cluster does not define', async () => {
    const apps = await cluster('apps')
    const pg = apps.kustomizations.find((k) => k.name === 'cloudnative-pg-shared-cluster')!
    const instances = pg.references!.find((r) => r.name === 'CNPG_INSTANCES')!
    assert.deepEqual(instances.pos, {file: 'kubernetes/workloads/platform/databases/cloudnative-pg/shared-cluster/cluster.yaml', line: 11, column: 14})
    assert.equal(instances.defined, false)
    const infraPg = (await cluster('infra')).kustomizations.find((k) => k.name === 'cloudnative-pg-shared-cluster')!
    assert.equal(infraPg.references!.find((r) => r.name === 'CNPG_INSTANCES')!.defined, true)
  })
})
