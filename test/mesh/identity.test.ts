// CM201–CM204: cluster names and ids, through both settings naming schemes.
import assert from 'node:assert/strict'
import {CM201} from '../../src/lib/checks/mesh/CM201-invalid-cluster-name.js'
import {CM202} from '../../src/lib/checks/mesh/CM202-invalid-cluster-id.js'
import {CM203} from '../../src/lib/checks/mesh/CM203-duplicate-cluster-id.js'
import {CM204} from '../../src/lib/checks/mesh/CM204-duplicate-cluster-name.js'
import {brief, lineOf, run, settingsLine, settingsPath} from './fixture.js'
import {HELMRELEASE, helmRelease, mesh} from './good-mesh.js'

const S = (name: string) => settingsPath(name)

describe('CM201 invalid-cluster-name', () => {
  for (const [bad, why] of [
    ['Infra_1', 'lower-case'],
    ['a'.repeat(33), '33 characters'],
    ['-infra', 'lower-case'],
  ] as const) {
    it(`fires on "${bad.slice(0, 12)}" at the settings line that defines it`, async () => {
      const input = mesh({settings: {infra: {CILIUM_CLUSTER_NAME: bad}}})
      const {findings} = await run([CM201], input)
      assert.deepEqual(brief(findings), [`CM201 infra ${S('infra')}:${settingsLine(input, 'infra', 'CILIUM_CLUSTER_NAME')}`])
      assert.match(findings[0].message, new RegExp(why))
      assert.match(findings[0].message, /from CILIUM_CLUSTER_NAME/)
    })
  }

  it('fires on "default" with a non-zero id', async () => {
    const {findings} = await run([CM201], mesh({settings: {apps: {CILIUM_CLUSTER_NAME: 'default'}}}))
    assert.deepEqual(findings.map((f) => f.cluster), ['apps'])
    assert.match(findings[0].message, /non-zero cluster id/)
  })

  it('fires on an empty name (an undefined variable renders empty)', async () => {
    const {findings} = await run([CM201], mesh({settings: {edge: {CILIUM_CLUSTER_NAME: ''}}}))
    assert.deepEqual(findings.map((f) => f.cluster), ['edge'])
    assert.match(findings[0].message, /is empty/)
  })

  it('stays quiet on valid names and skips a SOPS-encrypted one', async () => {
    const input = mesh()
    input.clusters[0].settings = {...input.clusters[0].settings}
    delete input.clusters[0].settings.CILIUM_CLUSTER_NAME
    input.clusters[0].secretSettings = {CILIUM_CLUSTER_NAME: 'ENC[AES256_GCM,data:xyz]'}
    const {findings, results} = await run([CM201], input)
    assert.deepEqual(findings, [])
    assert.equal(results.find((r) => r.cluster === 'infra')?.status, 'skip')
    assert.match(results.find((r) => r.cluster === 'infra')?.reason ?? '', /SOPS/)
    assert.deepEqual(results.filter((r) => r.status === 'pass').map((r) => r.cluster).sort(), ['apps', 'edge'])
  })
})

describe('CM202 invalid-cluster-id', () => {
  it('fires on id 0 while ClusterMesh is on, at the settings line', async () => {
    const input = mesh({settings: {apps: {CILIUM_CLUSTER_ID: '0'}}})
    const {findings} = await run([CM202], input)
    assert.deepEqual(brief(findings), [`CM202 apps ${S('apps')}:${settingsLine(input, 'apps', 'CILIUM_CLUSTER_ID')}`])
    assert.match(findings[0].message, /silently turns ClusterMesh off/)
  })

  it('fires on 256, and accepts 300 with maxConnectedClusters 511', async () => {
    const bad = await run([CM202], mesh({settings: {edge: {CILIUM_CLUSTER_ID: '256'}}}))
    assert.deepEqual(bad.findings.map((f) => f.cluster), ['edge'])
    assert.match(bad.findings[0].message, /outside 1\.\.255/)
    const wide = helmRelease().replace('maxConnectedClusters: 255', 'maxConnectedClusters: 511')
    const ok = await run([CM202], mesh({shared: {[HELMRELEASE]: wide}, settings: {edge: {CILIUM_CLUSTER_ID: '300'}}}))
    assert.deepEqual(ok.findings, [])
  })

  it('fires on a quoted id (the chart schema wants an integer) at the HelmRelease line', async () => {
    const text = helmRelease().replace('id: ${CILIUM_CLUSTER_ID}', 'id: "${CILIUM_CLUSTER_ID}"')
    const input = mesh({shared: {[HELMRELEASE]: text}, clusters: ['infra']})
    const {findings} = await run([CM202], input)
    // The quotes are in the values, not in the settings: the finding points where they are written.
    assert.deepEqual(brief(findings), [`CM202 infra ${HELMRELEASE}:${lineOf(text, 'id: "${CILIUM_CLUSTER_ID}"')}`])
    assert.match(findings[0].message, /string "1"/)
  })

  it('fires when cluster.id is missing (chart default 0), pointing at spec.values', async () => {
    const text = helmRelease().replace(/\n {6}id: \$\{CILIUM_CLUSTER_ID\}/, '')
    const {findings} = await run([CM202], mesh({shared: {[HELMRELEASE]: text}}))
    assert.deepEqual(brief(findings), ['infra', 'apps', 'edge'].map((c) => `CM202 ${c} ${HELMRELEASE}:${lineOf(text, '    cluster:')}`))
    assert.match(findings[0].message, /chart 1\.18 default/)
  })

  it('passes id 0 in a cluster that is not in a mesh', async () => {
    const plain = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: cilium, namespace: kube-system}
spec:
  chart: {spec: {chart: cilium, version: 1.17.4, sourceRef: {kind: HelmRepository, name: cilium}}}
  values:
    cluster: {name: lab}
`
    const {findings, results} = await run([CM202], {shared: {[HELMRELEASE]: plain}, clusters: [{name: 'lab', settings: {}}]})
    assert.deepEqual(findings, [])
    assert.deepEqual(results.map((r) => `${r.cluster} ${r.status}`), ['lab pass'])
  })
})

describe('CM203 duplicate-cluster-id', () => {
  it('fires on the second cluster using an id, with the first as peer (seed naming scheme)', async () => {
    const input = mesh({settings: {apps: {CILIUM_CLUSTER_ID: '1'}}})
    const {findings} = await run([CM203], input)
    assert.deepEqual(brief(findings), [`CM203 apps>infra ${S('apps')}:${settingsLine(input, 'apps', 'CILIUM_CLUSTER_ID')}`])
    assert.equal(findings[0].message, 'clusters infra and apps both use cluster id 1 (from CILIUM_CLUSTER_ID)')
  })

  it('fires the same way with the corpus naming scheme (CLUSTER, CLUSTER_ID)', async () => {
    const text = helmRelease().replace('${CILIUM_CLUSTER_NAME}', '${CLUSTER}').replace('${CILIUM_CLUSTER_ID}', '${CLUSTER_ID}')
    const corpusStyle = (name: string, id: string) => ({CLUSTER: name, CLUSTER_ID: id})
    const input = mesh({
      shared: {[HELMRELEASE]: text},
      settings: {infra: corpusStyle('infra', '7'), apps: corpusStyle('apps', '7'), edge: corpusStyle('edge', '3')},
    })
    const {findings} = await run([CM203], input)
    assert.deepEqual(brief(findings), [`CM203 apps>infra ${S('apps')}:${settingsLine(input, 'apps', 'CLUSTER_ID')}`])
    assert.match(findings[0].message, /from CLUSTER_ID/)
  })

  it('is quiet on distinct ids', async () => {
    const {findings, results} = await run([CM203], mesh())
    assert.deepEqual(findings, [])
    assert.equal(results.filter((r) => r.status === 'pass').length, 3)
  })
})

describe('CM204 duplicate-cluster-name', () => {
  it('fires on the second cluster using a name', async () => {
    const input = mesh({settings: {edge: {CILIUM_CLUSTER_NAME: 'apps'}}})
    const {findings} = await run([CM204], input)
    assert.deepEqual(brief(findings), [`CM204 edge>apps ${S('edge')}:${settingsLine(input, 'edge', 'CILIUM_CLUSTER_NAME')}`])
  })

  it('is quiet on distinct names', async () => {
    assert.deepEqual((await run([CM204], mesh())).findings, [])
  })
})
