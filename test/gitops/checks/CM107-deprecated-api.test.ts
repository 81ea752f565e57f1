import assert from 'node:assert/strict'
import {fluxVersion} from '../../../src/lib/checks/gitops/cilium-version.js'
import type {RenderedCluster, RenderedObject} from '../../../src/lib/gitops/types.js'
import {CORPUS, findingsOf, fixture, where} from '../support/fixtures.js'

describe('CM107 deprecated-api', () => {
  it('fires for external-secrets.io/v1beta1 and kustomize.toolkit.fluxcd.io/v1beta2, at the apiVersion line', async () => {
    const found = await findingsOf('CM107', await fixture('wiring-errors'))
    assert.deepEqual(found.map((f) => [where(f), /use (\S+)$/.exec(f.message)?.[1]]).sort(), [
      ['kubernetes/apps/parent/child-ks.yaml:1:13', 'kustomize.toolkit.fluxcd.io/v1'],
      ['kubernetes/apps/web/externalsecret.yaml:1:13', 'external-secrets.io/v1'],
    ])
  })

  it('stays quiet on current apiVersions (cilium.io/v2 pools with Cilium 1.18)', async () => {
    assert.deepEqual(await findingsOf('CM107', await fixture('mesh-pair')), [])
  })
})

describe('CM107 against the versions the repository pins', () => {
  const byCluster = async (cluster: string) =>
    (await findingsOf('CM107', await fixture('versions-pins')))
      .filter((f) => f.cluster === cluster)
      .map((f) => [where(f), f.severity, /use (\S+)$/.exec(f.message)?.[1]])
      .sort()

  it('recommends only what the pinned Flux (gotk-components header v2.2.3) and external-secrets (0.15.0) serve', async () => {
    // helm v2 (Flux 2.3), source v1 for OCIRepository (2.6) and HelmRepository (2.3) and external-secrets v1 (0.16)
    // are not served yet: quiet. v2beta1 -> v2beta2 (served from 2.2), kustomize v1beta2 -> v1 (2.0).
    assert.deepEqual(await byCluster('old'), [
      ['kubernetes/apps/shared/child-ks.yaml:1:13', 'warning', 'kustomize.toolkit.fluxcd.io/v1'],
      ['kubernetes/apps/shared/podinfo.yaml:32:13', 'warning', 'helm.toolkit.fluxcd.io/v2beta2'],
    ])
  })

  it('is an error when the pinned version no longer serves the apiVersion (flux-manifests v2.8.0, external-secrets 0.20.4)', async () => {
    assert.deepEqual(await byCluster('new'), [
      ['kubernetes/apps/shared/child-ks.yaml:1:13', 'error', 'kustomize.toolkit.fluxcd.io/v1'],
      ['kubernetes/apps/shared/externalsecret.yaml:1:13', 'error', 'external-secrets.io/v1'],
      ['kubernetes/apps/shared/podinfo.yaml:12:13', 'error', 'helm.toolkit.fluxcd.io/v2'],
      ['kubernetes/apps/shared/podinfo.yaml:1:13', 'error', 'source.toolkit.fluxcd.io/v1'],
      ['kubernetes/apps/shared/podinfo.yaml:23:13', 'error', 'source.toolkit.fluxcd.io/v1'],
      ['kubernetes/apps/shared/podinfo.yaml:32:13', 'error', 'helm.toolkit.fluxcd.io/v2'],
    ])
    const es = (await findingsOf('CM107', await fixture('versions-pins'))).find((f) => f.cluster === 'new' && f.resource?.kind === 'ExternalSecret')
    assert.match(es!.message, /which external-secrets 0\.20\.4 \(pinned at kubernetes\/clusters\/new\/external-secrets\.yaml:10\) no longer serves \(removed in external-secrets 0\.17\): Flux cannot apply it/)
    assert.match(es!.message, /Secret web\/web-credentials never appears/)
  })

  it('the corpus: the mesh ExternalSecret on v1beta1 with external-secrets 0.20.4 is an error in both clusters', async () => {
    const found = (await findingsOf('CM107', await fixture(CORPUS))).filter((f) => f.resource?.name === 'cilium-clustermesh')
    assert.deepEqual(found.map((f) => [f.cluster, f.severity]).sort(), [['apps', 'error'], ['infra', 'error']])
    for (const f of found) {
      assert.match(f.message, /external-secrets 0\.20\.4 .* no longer serves .*: Flux cannot apply it .*Secret kube-system\/cilium-clustermesh never appears and the clustermesh-apiserver's peers time out; use external-secrets\.io\/v1$/)
    }
  })

  it('reads the Flux version of a FluxInstance and of the flux-instance chart values', () => {
    const obj = (object: RenderedObject['object'], file = 'x.yaml'): RenderedObject => ({object, source: {file, line: 1, column: 1}, locate: () => ({file, line: 7, column: 3})})
    const cluster = (objects: RenderedObject[]): RenderedCluster => ({name: 'c', entry: '', objects, kustomizations: [], variables: new Map()})
    const fi = obj({apiVersion: 'fluxcd.controlplane.io/v1', kind: 'FluxInstance', metadata: {name: 'flux', namespace: 'flux-system'}, spec: {distribution: {version: '2.6.x'}}})
    assert.equal(fluxVersion(cluster([fi]))?.minor, '2.6')
    const hr = obj({apiVersion: 'helm.toolkit.fluxcd.io/v2', kind: 'HelmRelease', metadata: {name: 'flux', namespace: 'flux-system'}, spec: {chart: {spec: {chart: 'flux-instance'}}, values: {instance: {distribution: {version: '2.7.2'}}}}})
    assert.equal(fluxVersion(cluster([hr]))?.minor, '2.7')
    assert.equal(fluxVersion(cluster([obj({...fi.object, spec: {distribution: {version: '2.x'}}})])), undefined)
  })
})
