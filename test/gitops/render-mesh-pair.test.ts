// The mesh-pair fixture rendered as Flux would: the Flux graph, substitution rules, SOPS values,
// generated names, HelmRelease values and the positions that survive kustomize and substitution.
import assert from 'node:assert/strict'
import {helmValues} from '../../src/lib/gitops/flux/helm-values.js'
import type {RenderedCluster, RenderedObject} from '../../src/lib/gitops/types.js'
import {fixture} from './support/fixtures.js'

const east = async (): Promise<RenderedCluster> => (await fixture('mesh-pair')).clusters.find((c) => c.name === 'east')!
const obj = (c: RenderedCluster, kind: string, name: string): RenderedObject => {
  const found = c.objects.find((o) => o.object.kind === kind && (o.object.metadata?.name === name || o.object.metadata?.name?.startsWith(`${name}-`)))
  assert.ok(found, `${kind} ${name} not rendered`)
  return found
}

describe('rendering the mesh-pair fixture', () => {
  it('follows the Flux graph from flux-system through infrastructure to its children', async () => {
    const repo = await fixture('mesh-pair')
    assert.deepEqual(repo.clusters.map((c) => c.name), ['east', 'west'])
    const c = await east()
    assert.deepEqual(c.kustomizations.map((k) => [k.name, k.producedBy ?? '-', k.path]), [
      ['flux-system', '-', 'kubernetes/clusters/east'],
      ['apps', 'flux-system/flux-system', 'kubernetes/apps'],
      ['infrastructure', 'flux-system/flux-system', 'kubernetes/infrastructure'],
      ['cilium', 'flux-system/infrastructure', 'kubernetes/infrastructure/networking/cilium/app'],
      ['cilium-ipam', 'flux-system/infrastructure', 'kubernetes/infrastructure/networking/ipam/app'],
    ])
    assert.equal(obj(c, 'Kustomization', 'flux-system').producedBy, undefined)
    assert.deepEqual(repo.findings, [])
  })

  it('applies targetNamespace, generates a kustomization.yaml for a plain directory, and labels objects like kustomize-controller', async () => {
    const c = await east()
    const hr = obj(c, 'HelmRelease', 'cilium')
    assert.equal(hr.object.metadata?.namespace, 'kube-system')
    assert.deepEqual(hr.object.metadata?.labels, {'app.kubernetes.io/part-of': 'cilium', 'kustomize.toolkit.fluxcd.io/name': 'cilium', 'kustomize.toolkit.fluxcd.io/namespace': 'flux-system'})
    const pool = obj(c, 'CiliumLoadBalancerIPPool', 'east-pool')
    assert.deepEqual(pool.object.spec, {blocks: [{start: '10.0.1.100', stop: '10.0.1.119'}]})
    assert.equal(pool.producedBy, 'flux-system/cilium-ipam')
  })

  it('substitutes per cluster with Flux typing, keeps positions, and records where variables come from', async () => {
    for (const [name, id] of [['east', 1], ['west', 2]] as const) {
      const c = (await fixture('mesh-pair')).clusters.find((x) => x.name === name)!
      const hr = obj(c, 'HelmRelease', 'cilium')
      const values = (hr.object.spec as {values: {cluster: unknown}}).values
      assert.deepEqual(values.cluster, {name, id})
      assert.deepEqual(hr.locate(['spec', 'values', 'cluster', 'id']), {file: 'kubernetes/infrastructure/networking/cilium/app/helmrelease.yaml', line: 21, column: 11})
      const ks = c.kustomizations.find((k) => k.name === 'cilium')!
      assert.deepEqual(ks.variables.get('CLUSTER')?.source, {file: `kubernetes/clusters/${name}/cluster-settings.yaml`, line: 7, column: 12})
    }
  })

  it('merges HelmRelease values like helm-controller: valuesFrom ConfigMap first, spec.values over it, optional sources skipped', async () => {
    const c = await east()
    const v = helmValues(c, obj(c, 'HelmRelease', 'cilium'))
    const values = v.values as Record<string, any>
    assert.equal(values.routingMode, 'native')
    assert.deepEqual(values.cluster, {name: 'east', id: 1})
    assert.equal(values.clustermesh.apiserver.tls.auto.method, 'cronJob')
    assert.equal(values.clustermesh.apiserver.service.annotations['io.cilium/lb-ipam-ips'], '10.0.1.100')
    assert.equal(values.ipv4NativeRoutingCIDR, undefined)
    assert.deepEqual(v.locate(['clustermesh', 'apiserver', 'tls', 'auto', 'method']), {file: 'kubernetes/infrastructure/networking/cilium/app/values.yaml', line: 14, column: 17})
    assert.equal(v.locate(['cluster', 'id'])?.file, 'kubernetes/infrastructure/networking/cilium/app/helmrelease.yaml')
    assert.equal(v.unknown?.(['routingMode']), undefined)
  })

  it('leaves disabled objects, $${escapes} and $VAR alone; values from SOPS Secrets are unknown', async () => {
    const c = await east()
    assert.deepEqual(obj(c, 'ConfigMap', 'echo-notes').object.data, {howto: 'Write ${VAR} here: this ConfigMap is not substituted'})
    // apps does not read cluster-secrets, so the default applies there.
    const escapes = obj(c, 'ConfigMap', 'echo-escapes')
    assert.deepEqual(escapes.object.data, {literal: '${NOT_SUBSTITUTED}', shell: 'echo $HOME', domain: 'example.com'})
    assert.equal(escapes.incomplete, undefined)
    // infrastructure does: the object using it is marked, and the text stays unsubstituted.
    const ipam = c.kustomizations.find((k) => k.name === 'cilium-ipam')!.object
    assert.equal(ipam.object.metadata?.annotations?.['mesh.example.com/public-domain'], '${SECRET_DOMAIN}')
    assert.match(ipam.incomplete ?? '', /SOPS-encrypted variables SECRET_DOMAIN/)
    const secrets = obj(c, 'Secret', 'cluster-secrets')
    assert.match(secrets.incomplete ?? '', /SOPS-encrypted/)
    const infra = c.kustomizations.find((k) => k.name === 'infrastructure')!
    assert.deepEqual(infra.variables.get('SECRET_DOMAIN'), {value: '', source: {file: 'kubernetes/clusters/east/cluster-secrets.sops.yaml', line: 8, column: 18}, unknown: true})
  })

  it('names generated ConfigMaps with kustomize hashes and rewrites the references to them', async () => {
    const c = await east()
    const cm = obj(c, 'ConfigMap', 'echo-config')
    assert.match(cm.object.metadata!.name!, /^echo-config-[a-z0-9]{10}$/)
    // The hash is kustomize's, over the text before substitution; the data is substituted afterwards.
    assert.deepEqual(cm.object.data, {GREETING: 'hello from east', ENVIRONMENT: 'production'})
    const deploy = obj(c, 'Deployment', 'echo').object as any
    assert.equal(deploy.spec.template.spec.containers[0].envFrom[0].configMapRef.name, cm.object.metadata!.name)
    assert.deepEqual(cm.locate(['data', 'GREETING']), {file: 'kubernetes/apps/echo/kustomization.yaml', line: 12, column: 9})
  })

  it('keeps positions through patches, components and transformers', async () => {
    const c = await east()
    const deploy = obj(c, 'Deployment', 'echo')
    const spec = deploy.object.spec as any
    assert.equal(spec.replicas, 2)
    assert.equal(spec.template.spec.containers[0].image, 'ghcr.io/mendhak/http-https-echo:35')
    assert.deepEqual(spec.template.spec.containers[0].env.at(-1), {name: 'CLUSTER', value: 'east'})
    // From the strategic-merge patch file, from the component's inline JSON patch, from `replicas:` and `images:`.
    assert.deepEqual(deploy.locate(['spec', 'template', 'spec', 'containers', 0, 'resources', 'requests', 'cpu']), {file: 'kubernetes/apps/echo/patches/resources.yaml', line: 12, column: 20})
    assert.deepEqual(deploy.locate(['spec', 'template', 'spec', 'containers', 0, 'env', 1, 'value']), {file: 'kubernetes/components/team-labels/kustomization.yaml', line: 14, column: 18})
    assert.deepEqual(deploy.locate(['spec', 'replicas']), {file: 'kubernetes/apps/echo/kustomization.yaml', line: 22, column: 5})
    assert.deepEqual(deploy.locate(['spec', 'template', 'spec', 'containers', 0, 'image']), {file: 'kubernetes/apps/echo/kustomization.yaml', line: 19, column: 5})
    assert.deepEqual(deploy.locate(['metadata', 'namespace']), {file: 'kubernetes/apps/echo/kustomization.yaml', line: 3, column: 12})
    // A field nobody wrote points at its closest enclosing field.
    assert.deepEqual(deploy.locate(['spec', 'template', 'spec', 'containers', 0, 'nope']), {file: 'kubernetes/apps/echo/deployment.yaml', line: 10, column: 11})
  })
})
