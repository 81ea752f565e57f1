// Issue 14 (lint precision): pairwise checks only between clusters that exchange mesh state, facts the repository
// cannot show (mesh Secret from an ExternalSecret, a mesh joined out of band), and the chart's own render errors.
// Each case: the shape that fired falsely (quiet now, skipped with the reason) and the true positive next to it.
import assert from 'node:assert/strict'
import {CM202} from '../../src/lib/checks/mesh/CM202-invalid-cluster-id.js'
import {CM205} from '../../src/lib/checks/mesh/CM205-pod-cidr-overlap.js'
import {CM206} from '../../src/lib/checks/mesh/CM206-pod-service-cidr-overlap.js'
import {CM207} from '../../src/lib/checks/mesh/CM207-service-cidr-overlap.js'
import {CM208} from '../../src/lib/checks/mesh/CM208-max-connected-clusters.js'
import {CM209} from '../../src/lib/checks/mesh/CM209-mesh-half-enabled.js'
import {CM213} from '../../src/lib/checks/mesh/CM213-ca-not-shared.js'
import {CM215} from '../../src/lib/checks/mesh/CM215-peer-config-incomplete.js'
import {CM221} from '../../src/lib/checks/mesh/CM221-datapath-mismatch.js'
import {CM222} from '../../src/lib/checks/mesh/CM222-apiserver-prerequisites.js'
import {brief, lineOf, run} from './fixture.js'
import {HELMRELEASE, helmRelease, mesh} from './good-mesh.js'

const MESH_ES = 'kubernetes/infrastructure/networking/cilium/clustermesh/externalsecret.yaml'
const meshExternalSecret = `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: cilium-clustermesh, namespace: kube-system}
spec:
  secretStoreRef: {kind: ClusterSecretStore, name: onepassword}
  target: {name: cilium-clustermesh}
  dataFrom: [{extract: {key: kubernetes/mesh}}]
`
/** The good mesh's release without the shared CA from valuesFrom (each cluster mints its own). */
const withoutCa = (t: string) => t.replace(/ {2}valuesFrom:\n[\s\S]*?targetPath: tls\.ca\.key\n/, '')
const switchable = helmRelease().replace('useAPIServer: true', 'useAPIServer: ${MESH_API:=true}')
const skipsOf = (results: readonly {id: string; status: string; cluster?: string; peer?: string; reason?: string}[], id: string) =>
  results.filter((r) => r.id === id && r.status === 'skip').map((r) => `${r.cluster ?? ''}${r.peer ? `>${r.peer}` : ''}: ${r.reason}`)

describe('pairwise mesh checks only between clusters that exchange state', () => {
  const overlapping = {apps: {POD_CIDR: '["10.244.0.0/16"]', SERVICE_CIDR: '10.245.0.0/16'}}

  it('mesh off on both sides: CM209 is the finding; CM205/CM206/CM207/CM221 skip the pair with the reason', async () => {
    const text = switchable.replace('routingMode: tunnel', 'routingMode: ${ROUTING:=tunnel}')
    const input = mesh({
      shared: {[HELMRELEASE]: text},
      clusters: ['infra', 'apps'],
      settings: {infra: {MESH_API: 'false'}, apps: {MESH_API: 'false', ROUTING: 'native', ...overlapping.apps}},
    })
    const {findings, results} = await run([CM205, CM206, CM207, CM209, CM221], input)
    assert.deepEqual([...new Set(findings.map((f) => f.id))], ['CM209'])
    for (const id of ['CM205', 'CM206', 'CM207', 'CM221']) {
      const skips = skipsOf(results, id)
      assert.deepEqual(skips, ['infra>apps: neither infra nor apps runs the clustermesh-apiserver (clustermesh.useAPIServer is false): they exchange no mesh state'], id)
      assert.ok(!results.some((r) => r.id === id && r.status === 'pass' && r.cluster), `${id} passes no cluster`)
    }
  })

  it('one side serves but the other neither serves nor lists it: skipped, never passed', async () => {
    const input = mesh({
      shared: {[HELMRELEASE]: switchable.replace(/ {10}- name: infra\n.*\n.*\n/, '')},
      clusters: ['infra', 'apps'],
      settings: {apps: {MESH_API: 'false', ...overlapping.apps}},
    })
    const {findings, results} = await run([CM205, CM209], input)
    assert.deepEqual(brief(findings, 'CM205'), [])
    // apps: its own peer list without a clustermesh-apiserver, and listed by infra while not serving.
    assert.deepEqual(findings.map((f) => `${f.id} ${f.cluster}>${f.peer ?? ''}`), ['CM209 apps>', 'CM209 apps>infra'])
    assert.match(skipsOf(results, 'CM205')[0], /^infra>apps: apps does not run the clustermesh-apiserver and does not connect to infra/)
  })

  it('keeps the true positives: both serve (joined however), or one serves and the other lists it', async () => {
    const both = await run([CM205, CM206, CM207], mesh({clusters: ['infra', 'apps'], settings: overlapping}))
    assert.deepEqual(both.findings.map((f) => f.id).sort(), ['CM205', 'CM207'])
    const oneSide = mesh({shared: {[HELMRELEASE]: switchable}, clusters: ['infra', 'apps'], settings: {apps: {MESH_API: 'false', ...overlapping.apps}}})
    const {findings} = await run([CM205], oneSide)
    assert.deepEqual(findings.map((f) => `${f.cluster}>${f.peer}`), ['apps>infra'])
    const datapath = switchable.replace('routingMode: tunnel', 'routingMode: ${ROUTING:=tunnel}')
    const mixed = await run([CM221], mesh({shared: {[HELMRELEASE]: datapath}, clusters: ['infra', 'apps'], settings: {apps: {ROUTING: 'native'}}}))
    assert.equal(mixed.findings.length, 1)
  })
})

describe('facts the repository cannot show', () => {
  const external = (t: string) => withoutCa(t).replace(/ {6}config:\n {8}enabled: true\n/, '      config:\n        enabled: false\n')

  it('CM213 and CM215 skip when the peers come from an ExternalSecret (dataFrom: entries unknown)', async () => {
    const input = mesh({shared: {[HELMRELEASE]: external(helmRelease()), [MESH_ES]: meshExternalSecret}, clusters: ['infra', 'apps']})
    const {findings, results} = await run([CM213, CM215], input)
    assert.deepEqual(findings, [])
    assert.match(skipsOf(results, 'CM213')[0], /peer configs come from ExternalSecret kube-system\/cilium-clustermesh/)
    assert.match(skipsOf(results, 'CM215')[0], /peers come from ExternalSecret kube-system\/cilium-clustermesh/)
  })

  it('CM213 and CM215 skip on a mesh joined out of band (no peer list, no mesh Secret)', async () => {
    const input = mesh({shared: {[HELMRELEASE]: external(helmRelease())}, clusters: ['infra', 'apps']})
    const {findings, results} = await run([CM213, CM215], input)
    assert.deepEqual(findings, [])
    assert.match(skipsOf(results, 'CM213')[0], /joined out of band/)
    assert.match(skipsOf(results, 'CM215')[0], /joined out of band/)
  })

  it('keeps the true positives when the chart renders the peer configs', async () => {
    const {findings} = await run([CM213], mesh({shared: {[HELMRELEASE]: withoutCa(helmRelease())}, clusters: ['infra', 'apps']}))
    assert.deepEqual(findings.map((f) => `${f.id} ${f.cluster}`), ['CM213 infra', 'CM213 apps'])
    const notListed = helmRelease().replace(/ {10}- name: apps\n.*\n.*\n/, '')
    const cm215 = await run([CM215], mesh({shared: {[HELMRELEASE]: notListed}}))
    assert.deepEqual(cm215.findings.map((f) => `${f.id} ${f.cluster} ${f.severity}`), ['CM215 apps warning'])
  })
})

describe('what the chart itself refuses', () => {
  it('CM222: 1.18 accepts identityAllocationMode kvstore with useAPIServer while KVStoreMesh is on', async () => {
    const text = helmRelease().replace('    kubeProxyReplacement: true', '    kubeProxyReplacement: true\n    identityAllocationMode: kvstore')
    assert.deepEqual((await run([CM222], mesh({shared: {[HELMRELEASE]: text}, clusters: ['infra']}))).findings, [])
    const noKvm = text.replace('      apiserver:\n', '      apiserver:\n        kvstoremesh: {enabled: false}\n')
    const off = await run([CM222], mesh({shared: {[HELMRELEASE]: noKvm}, clusters: ['infra']}))
    assert.deepEqual(brief(off.findings), [`CM222 infra ${HELMRELEASE}:${lineOf(text, 'identityAllocationMode')}`])
    const old = await run([CM222], mesh({shared: {[HELMRELEASE]: text}, clusters: ['infra'], settings: {infra: {CILIUM_VERSION: '1.17.6'}}}))
    assert.equal(old.findings.length, 1)
  })

  it('CM208: a quoted maxConnectedClusters fails the schema (integer), pointing at the quotes', async () => {
    const text = helmRelease().replace('maxConnectedClusters: 255', 'maxConnectedClusters: "511"')
    const {findings} = await run([CM208], mesh({shared: {[HELMRELEASE]: text}, clusters: ['infra']}))
    assert.deepEqual(brief(findings), [`CM208 infra ${HELMRELEASE}:${lineOf(text, 'maxConnectedClusters')}`])
    assert.match(findings[0].message, /string "511".*integer/)
    const plain = helmRelease().replace('maxConnectedClusters: 255', 'maxConnectedClusters: 511')
    assert.deepEqual((await run([CM208], mesh({shared: {[HELMRELEASE]: plain}, clusters: ['infra']}))).findings, [])
  })

  it('CM202: a quoted id is reported where the quotes are', async () => {
    const text = helmRelease().replace('id: ${CILIUM_CLUSTER_ID}', 'id: "${CILIUM_CLUSTER_ID}"')
    const {findings} = await run([CM202], mesh({shared: {[HELMRELEASE]: text}, clusters: ['infra']}))
    assert.deepEqual(brief(findings), [`CM202 infra ${HELMRELEASE}:${lineOf(text, 'id: "')}`])
    assert.deepEqual((await run([CM202], mesh({clusters: ['infra']}))).findings, [])
  })

  it('CM215: a map of clusters fails on 1.16–1.18 and is fine from 1.19', async () => {
    const map = helmRelease(`        clusters:
          infra: {address: clustermesh-infra.example.io, port: 2379}
          apps: {address: clustermesh-apps.example.io, port: 2379}
`)
    const on118 = await run([CM215], mesh({shared: {[HELMRELEASE]: map}, clusters: ['infra', 'apps']}))
    assert.deepEqual(on118.findings.map((f) => `${f.id} ${f.cluster} ${f.severity}`), ['CM215 infra error', 'CM215 apps error'])
    assert.match(on118.findings[0].message, /is a map; the Cilium chart 1\.18 accepts only a list/)
    const v119 = {infra: {CILIUM_VERSION: '1.19.4'}, apps: {CILIUM_VERSION: '1.19.4'}}
    assert.deepEqual((await run([CM215], mesh({shared: {[HELMRELEASE]: map}, clusters: ['infra', 'apps'], settings: v119}))).findings, [])
  })

  it('CM213: the removed clustermesh.apiserver.tls.ca keys and certmanager without an issuer are render errors', async () => {
    const legacy = helmRelease().replace('        tls:\n          auto:', '        tls:\n          ca: {cert: LS0tLS1CRUdJTg==, key: LS0tLS1CRUdJTg==}\n          auto:')
    const a = await run([CM213], mesh({shared: {[HELMRELEASE]: legacy}, clusters: ['infra']}))
    assert.deepEqual(a.findings.map((f) => `${f.id} ${f.severity}`), ['CM213 error'])
    assert.match(a.findings[0].message, /removed/)
    const cm = helmRelease().replace('method: helm', 'method: certmanager')
    const b = await run([CM213], mesh({shared: {[HELMRELEASE]: cm}, clusters: ['infra']}))
    assert.deepEqual(b.findings.map((f) => `${f.id} ${f.severity}`), ['CM213 error'])
    assert.match(b.findings[0].message, /certManagerIssuerRef/)
    const issued = cm.replace('method: certmanager', 'method: certmanager\n            certManagerIssuerRef: {kind: ClusterIssuer, name: mesh-ca}')
    assert.deepEqual((await run([CM213], mesh({shared: {[HELMRELEASE]: issued}, clusters: ['infra']}))).findings, [])
  })
})
