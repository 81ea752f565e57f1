// buildMeshModel: where facts come from, chart defaults by version, unknowns, declared facts, summaries.
import assert from 'node:assert/strict'
import {CM205} from '../../src/lib/checks/mesh/CM205-pod-cidr-overlap.js'
import {CM214} from '../../src/lib/checks/mesh/CM214-clustermesh-secret-conflict.js'
import {defaultsFor} from '../../src/lib/mesh/chart-defaults.js'
import {clusterSummaries, type HelmValuesAccessor} from '../../src/lib/mesh/index.js'
import {model, run, settingsLine, settingsPath} from './fixture.js'
import {HELMRELEASE, helmRelease, mesh} from './good-mesh.js'

const chartSpec = (version: string) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: cni, namespace: kube-system}
spec:
  chart:
    spec:
      chart: cilium
      version: "${version}"
      sourceRef: {kind: HelmRepository, name: cilium, namespace: flux-system}
  values:
    cluster: {name: lab, id: 9}
    clustermesh: {useAPIServer: true}
`

describe('mesh model', () => {
  it('finds the chart version through spec.chart.spec or chartRef, and picks its defaults table', () => {
    const viaSpec = model({shared: {[HELMRELEASE]: chartSpec('1.17.4')}, clusters: [{name: 'lab', settings: {}}]})
    assert.equal(viaSpec.clusters[0].cilium?.chartVersion.known && viaSpec.clusters[0].cilium.chartVersion.value, '1.17.4')
    assert.deepEqual(viaSpec.clusters[0].cilium?.defaults, {chart: '1.17', assumed: false})
    const viaRef = model(mesh({clusters: ['infra']})).clusters[0]
    assert.equal(viaRef.cilium?.chartVersion.known && viaRef.cilium.chartVersion.value, '1.18.3')
    assert.equal(viaRef.cilium?.chartVersion.variable?.name, 'CILIUM_VERSION')
    assert.deepEqual(defaultsFor(undefined), {chart: '1.18', assumed: true})
    assert.deepEqual(defaultsFor('>=1.16.0 <1.17.0'), {chart: '1.16', assumed: false})
    assert.deepEqual(defaultsFor('1.14.2'), {chart: '1.16', assumed: true})
    assert.deepEqual(defaultsFor('1.20.2'), {chart: '1.20', assumed: false})
    assert.deepEqual(defaultsFor('1.21.0'), {chart: '1.20', assumed: true})
  })

  it('keeps clustermesh.config.enabled off by default on 1.19 and 1.20: an ExternalSecret alone does not conflict', async () => {
    const es = `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: cilium-clustermesh, namespace: kube-system}
spec:
  secretStoreRef: {kind: ClusterSecretStore, name: onepassword}
  dataFrom: [{extract: {key: mesh}}]
`
    for (const version of ['1.18.3', '1.19.0', '1.19.4', '1.20.2']) {
      const quiet = await run([CM214], {shared: {[HELMRELEASE]: chartSpec(version), 'es.yaml': es}, clusters: [{name: 'lab', settings: {}}]})
      assert.deepEqual(quiet.findings, [], version)
    }
    // The true positive: config.enabled written in the values still makes the chart a second owner.
    const enabled = chartSpec('1.19.4').replace('clustermesh: {useAPIServer: true}', 'clustermesh: {useAPIServer: true, config: {enabled: true}}')
    const on = await run([CM214], {shared: {[HELMRELEASE]: enabled, 'es.yaml': es}, clusters: [{name: 'lab', settings: {}}]})
    assert.deepEqual(on.findings.map((f) => f.id), ['CM214'])
    assert.match(on.findings[0].message, /chart/)
  })

  it('reads PodCIDRs from settings when Kubernetes IPAM assigns them (POD_CIDR JSON array, corpus shape)', () => {
    const text = helmRelease().replace('mode: cluster-pool', 'mode: kubernetes')
    const input = mesh({shared: {[HELMRELEASE]: text}, clusters: ['apps']})
    const pods = model(input).clusters[0].podCIDRs
    assert.ok(pods.known)
    assert.deepEqual(pods.value.map((p) => p.cidr), ['10.246.0.0/16'])
    assert.deepEqual(pods.variable?.pos, {file: settingsPath('apps'), line: settingsLine(input, 'apps', 'POD_CIDR'), column: 13})
  })

  it('marks SOPS-encrypted settings unknown, and the checks that need them skip instead of passing', async () => {
    const input = mesh({clusters: ['infra', 'apps']})
    delete input.clusters[1].settings.POD_CIDR
    input.clusters[1].secretSettings = {POD_CIDR: 'ENC[AES256_GCM,data:q83,type:str]'}
    const m = model(input)
    assert.equal(m.clusters[1].podCIDRs.known, false)
    const {findings, results} = await run([CM205], m)
    assert.deepEqual(findings, [])
    const apps = results.find((r) => r.cluster === 'apps' && !r.peer)
    assert.equal(apps?.status, 'skip')
    assert.match(apps?.reason ?? '', /POD_CIDR is SOPS-encrypted/)
  })

  it('uses the values accessor it is given (the renderer\'s merged values)', () => {
    const accessor: HelmValuesAccessor = (_cluster, hr) => ({
      values: {cluster: {name: 'merged', id: 42}},
      locate: (path) => hr.locate(['spec', 'values', ...path]) ?? hr.source,
    })
    const m = model(mesh({clusters: ['infra']}), {valuesOf: accessor}).clusters[0]
    assert.equal(m.clusterName.known && m.clusterName.value, 'merged')
    assert.equal(m.clusterId.known && m.clusterId.value, 42)
    // Everything the accessor does not set falls back to the chart default.
    assert.equal(m.clustermesh.useAPIServer.known && m.clustermesh.useAPIServer.value, false)
    assert.equal(m.clustermesh.useAPIServer.default?.chart, '1.18')
  })

  it('lets .kubectl-mesh.yaml facts win over the repository', () => {
    const pos = {file: '.kubectl-mesh.yaml', line: 4, column: 17}
    const m = model(mesh({clusters: ['edge']}), {
      declared: [{name: 'edge', podCIDRs: {value: ['10.99.0.0/16'], source: pos}, fqdn: {value: 'mesh.edge.example.io', source: pos}}],
    }).clusters[0]
    assert.ok(m.podCIDRs.known)
    assert.deepEqual(m.podCIDRs.value.map((p) => p.cidr), ['10.99.0.0/16'])
    assert.equal(m.clustermesh.fqdn.known && m.clustermesh.fqdn.value, 'mesh.edge.example.io')
  })

  it('falls back to <cluster>-cilium-apiserver.<SECRET_DOMAIN> for the FQDN (seed story 34)', () => {
    const input = mesh({clusters: ['infra']})
    delete input.clusters[0].settings.CILIUM_CLUSTERMESH_FQDN
    input.clusters[0].settings.SECRET_DOMAIN = 'example.io'
    const text = helmRelease().replace('address: clustermesh-infra.example.io', 'ips: ["10.25.11.100"]')
    input.shared[HELMRELEASE] = text
    const m = model(input).clusters[0]
    assert.equal(m.clustermesh.fqdn.known && m.clustermesh.fqdn.value, 'infra-cilium-apiserver.example.io')
  })

  it('summarises clusters for the JSON report', () => {
    const [infra] = clusterSummaries(model(mesh()))
    assert.deepEqual(infra.clustermesh, {
      useAPIServer: true,
      lbIP: '10.25.11.100',
      fqdn: 'clustermesh-infra.example.io',
      port: 2379,
      maxConnectedClusters: 255,
      kvstoremesh: true,
      tlsMethod: 'helm',
    })
    assert.deepEqual(infra.sources, [
      settingsPath('infra'),
      HELMRELEASE,
      'kubernetes/infrastructure/networking/cilium/ipam/app/lb-pool.yaml',
    ])
  })
})

describe('mesh model: SOPS values substituted empty', () => {
  it('keeps a cluster name unknown when the renderer substituted an encrypted setting as ""', async () => {
    const input = mesh({clusters: ['infra']})
    delete input.clusters[0].settings.CILIUM_CLUSTER_NAME
    input.clusters[0].secretSettings = {CILIUM_CLUSTER_NAME: 'ENC[AES256_GCM,data:abc]'}
    // What a renderer that substitutes unknown values as "" hands over.
    input.shared[HELMRELEASE] = helmRelease().replace('name: ${CILIUM_CLUSTER_NAME}', 'name: ""')
    const c = model(input).clusters[0]
    assert.equal(c.clusterName.known, false)
    assert.equal(c.clusterName.variable?.name, 'CILIUM_CLUSTER_NAME')
  })
})
