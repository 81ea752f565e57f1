// Cilium's own CRDs (testenv/cilium/go.mod pins the version) in a real kube-apiserver: every one is accepted and
// served, objects are validated and pruned by the real schemas, and status goes only through the status subresource.
import {strict as assert} from 'node:assert'
import {type Cluster, ciliumCrds, ciliumVersion, installCiliumCrds, requireBinaries, startCluster, useTestEnv} from './index.js'

describe(`Cilium CRDs from the pinned module in a real kube-apiserver`, function () {
  this.timeout(120_000)
  useTestEnv()
  let cluster: Cluster

  before(async function () {
    requireBinaries(this, ['etcd', 'kube-apiserver', 'cilium-crds'])
    cluster = await startCluster('cilium-crds')
    await installCiliumCrds(cluster)
  })

  it(`installs and serves all of Cilium ${ciliumVersion()}'s CRDs, v2 and v2alpha1`, async () => {
    const names = ciliumCrds().map((c) => c.metadata.name)
    for (const name of ['ciliumnodes.cilium.io', 'ciliumidentities.cilium.io', 'ciliumendpoints.cilium.io', 'ciliumloadbalancerippools.cilium.io', 'ciliumendpointslices.cilium.io']) {
      assert.ok(names.includes(name), name)
    }
    const v2 = await cluster.request('GET', '/apis/cilium.io/v2')
    const alpha = await cluster.request('GET', '/apis/cilium.io/v2alpha1')
    const kinds = (r: {body: unknown}) => ((r.body as {resources: {kind: string; name: string}[]}).resources ?? []).filter((x) => !x.name.includes('/')).map((x) => x.kind)
    assert.ok(kinds(v2).includes('CiliumNode') && kinds(v2).includes('CiliumLoadBalancerIPPool'), kinds(v2).join(','))
    assert.ok(kinds(alpha).includes('CiliumLoadBalancerIPPool'), 'the pool is still served as v2alpha1 in 1.18')
  })

  it('CiliumNode: .status is ignored on create and written through /status only', async () => {
    const base = '/apis/cilium.io/v2/ciliumnodes'
    const created = await cluster.request('POST', base, {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNode',
      metadata: {name: 'node-a'},
      spec: {addresses: [{type: 'InternalIP', ip: '10.0.0.1'}], ipam: {podCIDRs: ['10.1.0.0/24']}},
      status: {ipam: {'operator-status': {error: 'from create'}}},
    })
    assert.equal(created.status, 201, JSON.stringify(created.body))
    const body = created.body as {status?: unknown; spec: {ipam: {podCIDRs: string[]}}}
    assert.deepEqual(body.spec.ipam.podCIDRs, ['10.1.0.0/24'])
    assert.equal(body.status, undefined)
    const status = await cluster.request('PUT', `${base}/node-a/status`, {...body, status: {ipam: {'operator-status': {error: 'from status'}}}})
    assert.equal(status.status, 200, JSON.stringify(status.body))
    assert.deepEqual((status.body as {status: unknown}).status, {ipam: {'operator-status': {error: 'from status'}}})
  })

  it('CiliumLoadBalancerIPPool: the real schema validates (allowFirstLastIPs enum) and prunes unknown fields', async () => {
    const base = '/apis/cilium.io/v2/ciliumloadbalancerippools'
    const pool = (name: string, spec: Record<string, unknown>) => ({apiVersion: 'cilium.io/v2', kind: 'CiliumLoadBalancerIPPool', metadata: {name}, spec})
    const bad = await cluster.request('POST', base, pool('bad', {blocks: [{cidr: '10.9.0.0/24'}], allowFirstLastIPs: 'Maybe'}))
    assert.equal(bad.status, 422, JSON.stringify(bad.body))
    assert.match(JSON.stringify(bad.body), /allowFirstLastIPs/)
    const good = await cluster.request('POST', base, pool('good', {blocks: [{cidr: '10.9.0.0/24'}], madeUp: true}))
    assert.equal(good.status, 201, JSON.stringify(good.body))
    const spec = (good.body as {spec: Record<string, unknown>}).spec
    assert.equal(spec.madeUp, undefined, 'unknown spec fields are pruned')
    assert.equal(spec.disabled, false, 'defaulted by the real schema')
    const alpha = await cluster.request('GET', '/apis/cilium.io/v2alpha1/ciliumloadbalancerippools/good')
    assert.equal(alpha.status, 200)
  })
})
