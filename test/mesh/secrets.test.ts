// CM213, CM214, CM216: the shared CA and the owners of the mesh Secrets.
import assert from 'node:assert/strict'
import {CM213} from '../../src/lib/checks/mesh/CM213-ca-not-shared.js'
import {CM214} from '../../src/lib/checks/mesh/CM214-clustermesh-secret-conflict.js'
import {CM216} from '../../src/lib/checks/mesh/CM216-clustermesh-externalsecret.js'
import {brief, lineOf, run} from './fixture.js'
import {HELMRELEASE, helmRelease, mesh} from './good-mesh.js'

const NO_VALUES_FROM = (t: string) => t.replace(/ {2}valuesFrom:\n(?: {4}.*\n)+/, '')
const MESH_ES = 'kubernetes/infrastructure/networking/cilium/clustermesh/app/externalsecret.yaml'

// The seed story's ExternalSecret (001), on external-secrets v1.
const externalSecret = (opts: {namespace?: string; store?: string; key?: string} = {}) => `---
apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: cilium-clustermesh
  namespace: ${opts.namespace ?? 'kube-system'}
spec:
  secretStoreRef:
    name: ${opts.store ?? 'onepassword'}
    kind: ClusterSecretStore
  target:
    name: cilium-clustermesh
    creationPolicy: Owner
  dataFrom:
    - extract:
        key: ${opts.key ?? '${CILIUM_CLUSTERMESH_SECRET_PATH}'}
`

describe('CM213 ca-not-shared', () => {
  it('fires on tls.auto.method helm without a shared CA, in every cluster', async () => {
    const text = NO_VALUES_FROM(helmRelease())
    const {findings} = await run([CM213], mesh({shared: {[HELMRELEASE]: text}}))
    const at = `${HELMRELEASE}:${lineOf(text, 'method: helm')}`
    assert.deepEqual(brief(findings), [`CM213 infra ${at}`, `CM213 apps ${at}`, `CM213 edge ${at}`])
    assert.match(findings[0].message, /mints its own CA/)
  })

  it('is quiet with tls.ca from valuesFrom, or a cilium-ca Secret placed in every cluster', async () => {
    assert.deepEqual((await run([CM213], mesh())).findings, [])
    const ca = `apiVersion: v1
kind: Secret
metadata: {name: cilium-ca, namespace: kube-system}
data:
  ca.crt: ENC[AES256_GCM,data:abc,type:str]
  ca.key: ENC[AES256_GCM,data:def,type:str]
sops: {version: 3.9.0}
`
    const input = mesh({shared: {[HELMRELEASE]: NO_VALUES_FROM(helmRelease()), 'cilium-ca.sops.yaml': ca}})
    assert.deepEqual((await run([CM213], input)).findings, [])
  })

  it('fires when inline tls.ca certificates differ between clusters', async () => {
    const text = NO_VALUES_FROM(helmRelease()).replace('    kubeProxyReplacement: true', '    tls:\n      ca:\n        cert: ${CA_CERT}\n        key: ${CA_KEY}\n    kubeProxyReplacement: true')
    const same = {CA_CERT: 'LS0tLS1CRUdJTiBDRVJU', CA_KEY: 'a2V5'}
    const input = mesh({shared: {[HELMRELEASE]: text}, settings: {infra: same, apps: same, edge: {...same, CA_CERT: 'LS0tLS1PVEhFUg=='}}})
    const {findings} = await run([CM213], input)
    assert.deepEqual(findings.map((f) => `${f.cluster}>${f.peer}`), ['infra>edge', 'apps>edge', 'edge>infra'])
    // Only a fingerprint of the certificate is kept: no CA material in any message.
    assert.ok(findings.every((f) => !f.message.includes('LS0t') && !f.message.includes('a2V5')))
  })

  it('checks cert-manager issuers: one CA issuer everywhere passes, a self-signed one fires', async () => {
    const cm = (issuer: string) =>
      NO_VALUES_FROM(helmRelease()).replace('method: helm', `method: certmanager\n            certManagerIssuerRef:\n              group: cert-manager.io\n              kind: ClusterIssuer\n              name: ${issuer}`)
    const issuer = (spec: string) => `apiVersion: cert-manager.io/v1
kind: ClusterIssuer
metadata: {name: mesh-ca}
spec:
  ${spec}
`
    const good = mesh({shared: {[HELMRELEASE]: cm('mesh-ca'), 'issuer.yaml': issuer('ca: {secretName: mesh-ca}')}})
    assert.deepEqual((await run([CM213], good)).findings, [])
    const selfSigned = mesh({shared: {[HELMRELEASE]: cm('mesh-ca'), 'issuer.yaml': issuer('selfSigned: {}')}, clusters: ['infra', 'apps']})
    assert.deepEqual((await run([CM213], selfSigned)).findings.map((f) => f.cluster), ['infra', 'apps'])
  })
})

describe('CM214 clustermesh-secret-conflict', () => {
  it('fires on the story\'s mistake: config.enabled true and an ExternalSecret owning cilium-clustermesh', async () => {
    const text = helmRelease()
    const {findings} = await run([CM214], mesh({shared: {[MESH_ES]: externalSecret()}, clusters: ['infra', 'apps']}))
    const at = `${HELMRELEASE}:${lineOf(text, '      config:') + 1}`
    assert.deepEqual(brief(findings), [`CM214 infra ${at}`, `CM214 apps ${at}`])
    assert.match(findings[0].message, /Secret kube-system\/cilium-clustermesh has two owners: the Cilium chart/)
    assert.match(findings[0].message, new RegExp(`ExternalSecret kube-system/cilium-clustermesh \\(${MESH_ES}:\\d+\\)`))
  })

  it('fires on two owners outside the chart (ExternalSecret and a SOPS Secret)', async () => {
    const off = helmRelease().replace(/config:\n {8}enabled: true/, 'config:\n        enabled: false')
    const sops = `apiVersion: v1
kind: Secret
metadata: {name: cilium-clustermesh, namespace: kube-system}
stringData:
  apps: ENC[AES256_GCM,data:abc,type:str]
sops: {version: 3.9.0}
`
    const {findings} = await run([CM214], mesh({shared: {[HELMRELEASE]: off, [MESH_ES]: externalSecret(), 'mesh.sops.yaml': sops}, clusters: ['infra']}))
    assert.deepEqual(brief(findings), ['CM214 infra mesh.sops.yaml:3'])
    assert.match(findings[0].message, /2 owners: ExternalSecret .* SOPS Secret kube-system\/cilium-clustermesh/)
  })

  it('is quiet with config.enabled false and the ExternalSecret as the only owner', async () => {
    const off = helmRelease().replace(/config:\n {8}enabled: true/, 'config:\n        enabled: false')
    assert.deepEqual((await run([CM214], mesh({shared: {[HELMRELEASE]: off, [MESH_ES]: externalSecret()}}))).findings, [])
    assert.deepEqual((await run([CM214], mesh())).findings, [])
  })
})

describe('CM216 clustermesh-externalsecret', () => {
  const OFF = helmRelease().replace(/config:\n {8}enabled: true/, 'config:\n        enabled: false')
  const paths = {
    infra: {CILIUM_CLUSTERMESH_SECRET_PATH: 'kubernetes/infra/cilium-clustermesh'},
    apps: {CILIUM_CLUSTERMESH_SECRET_PATH: 'kubernetes/apps/cilium-clustermesh'},
    edge: {CILIUM_CLUSTERMESH_SECRET_PATH: 'kubernetes/edge/cilium-clustermesh'},
  }

  it('fires on an ExternalSecret outside Cilium\'s namespace and on a store the cluster lacks', async () => {
    const es = externalSecret({namespace: 'flux-system', store: 'vault'})
    const {findings} = await run([CM216], mesh({shared: {[HELMRELEASE]: OFF, [MESH_ES]: es}, settings: paths, clusters: ['infra']}))
    assert.deepEqual(brief(findings), [
      `CM216 infra ${MESH_ES}:${lineOf(es, '    name: cilium-clustermesh')}`,
      `CM216 infra ${MESH_ES}:${lineOf(es, 'name: vault')}`,
    ])
    assert.match(findings[0].message, /in namespace flux-system, but Cilium runs in kube-system/)
    assert.match(findings[1].message, /ClusterSecretStore "vault", which infra does not define/)
  })

  it('fires when every cluster reads the same remote key although the settings give one per cluster', async () => {
    const es = externalSecret({key: 'kubernetes/shared/cilium-clustermesh'})
    const {findings} = await run([CM216], mesh({shared: {[HELMRELEASE]: OFF, [MESH_ES]: es}, settings: paths, clusters: ['infra', 'apps']}))
    assert.deepEqual(brief(findings), [`CM216 apps>infra ${MESH_ES}:${lineOf(es, 'key: kubernetes/shared')}`])
    assert.match(findings[0].message, /CILIUM_CLUSTERMESH_SECRET_PATH gives each cluster its own/)
  })

  it('is quiet on the per-cluster key in Cilium\'s namespace with a defined store', async () => {
    const input = mesh({shared: {[HELMRELEASE]: OFF, [MESH_ES]: externalSecret()}, settings: paths})
    const {findings, results} = await run([CM216], input)
    assert.deepEqual(findings, [])
    assert.equal(results.filter((r) => r.status === 'pass').length, 3)
  })
})
