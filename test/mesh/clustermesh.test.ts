// CM208–CM212, CM215, CM220, CM222: clustermesh settings, LB addresses and peer configuration.
import assert from 'node:assert/strict'
import {CM208} from '../../src/lib/checks/mesh/CM208-max-connected-clusters.js'
import {CM209} from '../../src/lib/checks/mesh/CM209-mesh-half-enabled.js'
import {CM210} from '../../src/lib/checks/mesh/CM210-lb-ip-not-pinned.js'
import {CM211} from '../../src/lib/checks/mesh/CM211-lb-ip-outside-pool.js'
import {CM212} from '../../src/lib/checks/mesh/CM212-lb-address-collision.js'
import {CM215} from '../../src/lib/checks/mesh/CM215-peer-config-incomplete.js'
import {CM220} from '../../src/lib/checks/mesh/CM220-same-nodeport.js'
import {CM222} from '../../src/lib/checks/mesh/CM222-apiserver-prerequisites.js'
import {brief, lineOf, run, settingsLine, settingsPath} from './fixture.js'
import {HELMRELEASE, helmRelease, mesh, PEERS, POOL, SHARED} from './good-mesh.js'

const S = (name: string) => settingsPath(name)
const HR = (edit: (t: string) => string) => ({[HELMRELEASE]: edit(helmRelease())})

describe('CM208 max-connected-clusters', () => {
  it('fires on a value other than 255/511 and on a cluster that differs from the rest', async () => {
    const text = helmRelease().replace('maxConnectedClusters: 255', 'maxConnectedClusters: ${MAX_CLUSTERS:=255}')
    const input = mesh({shared: {[HELMRELEASE]: text}, settings: {apps: {MAX_CLUSTERS: '511'}, edge: {MAX_CLUSTERS: '1023'}}})
    const {findings} = await run([CM208], input)
    assert.deepEqual(brief(findings), [
      `CM208 edge ${HELMRELEASE}:${lineOf(text, 'maxConnectedClusters')}`,
      `CM208 apps>infra ${HELMRELEASE}:${lineOf(text, 'maxConnectedClusters')}`,
    ])
    assert.match(findings[0].message, /1023; only 255 and 511/)
    assert.match(findings[1].message, /511 in apps but 255 in infra/)
  })

  it('is quiet when every cluster uses the same supported value (set or default)', async () => {
    assert.deepEqual((await run([CM208], mesh())).findings, [])
    const unset = HR((t) => t.replace('      maxConnectedClusters: 255\n', ''))
    assert.deepEqual((await run([CM208], mesh({shared: unset}))).findings, [])
  })
})

describe('CM209 mesh-half-enabled', () => {
  it('fires on a cluster listed as a peer that does not run the clustermesh-apiserver', async () => {
    const text = helmRelease().replace('useAPIServer: true', 'useAPIServer: ${MESH_API:=true}')
    const input = mesh({shared: {[HELMRELEASE]: text}, settings: {edge: {MESH_API: 'false'}}})
    const {findings} = await run([CM209], input)
    assert.deepEqual(brief(findings), [
      `CM209 edge ${HELMRELEASE}:${lineOf(text, 'useAPIServer')}`,
      `CM209 edge>infra ${HELMRELEASE}:${lineOf(text, 'useAPIServer')}`,
      `CM209 edge>apps ${HELMRELEASE}:${lineOf(text, 'useAPIServer')}`,
    ])
    assert.match(findings[0].message, /carries mesh material \(clustermesh.config.clusters\)/)
  })

  it('fires on an ExternalSecret for cilium-clustermesh with the apiserver off (default)', async () => {
    const plain = `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata: {name: cilium, namespace: kube-system}
spec:
  chart: {spec: {chart: cilium, version: 1.18.3, sourceRef: {kind: HelmRepository, name: cilium}}}
  values:
    cluster: {name: lab, id: 4}
`
    const es = `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata: {name: cilium-clustermesh, namespace: kube-system}
spec:
  secretStoreRef: {kind: ClusterSecretStore, name: onepassword}
  dataFrom: [{extract: {key: kubernetes/lab/cilium-clustermesh}}]
`
    const {findings} = await run([CM209], {shared: {[HELMRELEASE]: plain, 'es.yaml': es}, clusters: [{name: 'lab', settings: {}}]})
    assert.deepEqual(brief(findings), [`CM209 lab ${HELMRELEASE}:${lineOf(plain, 'cluster: {name: lab')}`])
    assert.match(findings[0].message, /ExternalSecret kube-system\/cilium-clustermesh/)
    assert.match(findings[0].message, /chart 1\.18 default/)
  })

  it('is quiet when every meshed cluster runs the apiserver', async () => {
    assert.deepEqual((await run([CM209], mesh())).findings, [])
  })
})

describe('CM210 lb-ip-not-pinned', () => {
  it('fires on a LoadBalancer without a pinned address, naming the unused setting', async () => {
    const text = helmRelease().replace(/\n {10}annotations:\n {12}lbipam.cilium.io\/ips: \$\{CILIUM_CLUSTERMESH_LB_IP\}/, '')
    const {findings} = await run([CM210], mesh({shared: {[HELMRELEASE]: text}, clusters: ['apps']}))
    assert.deepEqual(brief(findings), [`CM210 apps ${HELMRELEASE}:${lineOf(text, 'type: LoadBalancer')}`])
    assert.match(findings[0].message, /CILIUM_CLUSTERMESH_LB_IP is set in the settings but not used/)
  })

  it('accepts io.cilium/lb-ipam-ips and loadBalancerIP as pins, and NodePort needs none', async () => {
    const legacy = HR((t) => t.replace('lbipam.cilium.io/ips', 'io.cilium/lb-ipam-ips'))
    assert.deepEqual((await run([CM210], mesh({shared: legacy}))).findings, [])
    const lbip = HR((t) => t.replace(/annotations:\n {12}lbipam.cilium.io\/ips:/, 'loadBalancerIP:'))
    assert.deepEqual((await run([CM210], mesh({shared: lbip}))).findings, [])
    const nodePort = HR((t) => t.replace('type: LoadBalancer', 'type: NodePort'))
    assert.deepEqual((await run([CM210], mesh({shared: nodePort}))).findings, [])
  })
})

describe('CM211 lb-ip-outside-pool', () => {
  it('fires when the pinned address is outside the cluster\'s pools, at the settings line', async () => {
    const input = mesh({settings: {apps: {CILIUM_CLUSTERMESH_LB_IP: '10.25.12.5'}}})
    const {findings} = await run([CM211], input)
    assert.deepEqual(brief(findings), [`CM211 apps ${S('apps')}:${settingsLine(input, 'apps', 'CILIUM_CLUSTERMESH_LB_IP')}`])
    assert.deepEqual(findings[0].details, ['pool apps-pool: 10.25.11.120-10.25.11.139'])
  })

  it('fires when the only pool holding the address is disabled, or there is no pool at all', async () => {
    const disabled = {[POOL]: SHARED[POOL].replace('spec:\n', 'spec:\n  disabled: true\n')}
    assert.deepEqual((await run([CM211], mesh({shared: disabled, clusters: ['infra']}))).findings.map((f) => f.cluster), ['infra'])
    const none = await run([CM211], mesh({without: {edge: [POOL]}}))
    assert.deepEqual(none.findings.map((f) => f.cluster), ['edge'])
    assert.match(none.findings[0].message, /defines no enabled CiliumLoadBalancerIPPool/)
  })

  it('accepts a cidr block and the legacy spec.cidrs list', async () => {
    const cidr = {[POOL]: SHARED[POOL].replace(/- start: .*\n\s+stop: .*\n/, '- cidr: "${POOL_CIDR}"\n')}
    const input = mesh({shared: cidr, settings: {infra: {POOL_CIDR: '10.25.11.96/28'}, apps: {POOL_CIDR: '10.25.11.120/29'}, edge: {POOL_CIDR: '10.25.11.140/30'}}})
    assert.deepEqual((await run([CM211], input)).findings, [])
    const legacy = {[POOL]: SHARED[POOL].replace('blocks:', 'cidrs:').replace(/- start: .*\n\s+stop: .*\n/, '- cidr: 10.25.11.0/24\n')}
    assert.deepEqual((await run([CM211], mesh({shared: legacy}))).findings, [])
  })
})

describe('CM212 lb-address-collision', () => {
  it('fires when two clusters pin the same address and when their pools overlap', async () => {
    const input = mesh({settings: {edge: {CILIUM_CLUSTERMESH_LB_IP: '10.25.11.100', CILIUM_LB_POOL_START: '10.25.11.110'}}})
    const {findings} = await run([CM212], input)
    assert.deepEqual(brief(findings), [
      `CM212 edge>infra ${S('edge')}:${settingsLine(input, 'edge', 'CILIUM_CLUSTERMESH_LB_IP')}`,
      `CM212 edge>infra ${POOL}:${lineOf(SHARED[POOL], '- start')}`,
      `CM212 edge>apps ${POOL}:${lineOf(SHARED[POOL], '- start')}`,
    ])
    assert.match(findings[1].message, /LB pool edge-pool \(10\.25\.11\.110-10\.25\.11\.159\) of edge overlaps LB pool infra-pool/)
  })

  it('is quiet on distinct addresses and pools', async () => {
    assert.deepEqual((await run([CM212], mesh())).findings, [])
  })
})

describe('CM215 peer-config-incomplete', () => {
  it('fires on an entry without port, one without address/ips, and one naming no cluster of the mesh', async () => {
    const peers = `        clusters:
          - name: infra
            address: clustermesh-infra.example.io
          - name: apps
            port: 2379
          - name: edge
            ips: ["10.25.11.140"]
            port: 2379
          - name: edge-old
            address: clustermesh-edge-old.example.io
            port: 2379
`
    const text = helmRelease(peers)
    const {findings: all} = await run([CM215], mesh({shared: {[HELMRELEASE]: text}}))
    const findings = all.filter((f) => f.cluster === 'infra')
    assert.equal(all.length, 9, 'the shared HelmRelease is wrong in all three clusters')
    assert.deepEqual(brief(findings), [
      `CM215 infra ${HELMRELEASE}:${lineOf(text, '- name: infra')}`,
      `CM215 infra ${HELMRELEASE}:${lineOf(text, '- name: apps')}`,
      `CM215 infra ${HELMRELEASE}:${lineOf(text, '- name: edge-old')}`,
    ])
    assert.match(findings[0].message, /has no port/)
    assert.match(findings[1].message, /neither address nor ips/)
    assert.match(findings[2].message, /"edge-old", which is not a cluster of the mesh/)
  })

  it('warns when no peer list names a cluster of the mesh', async () => {
    const text = helmRelease(PEERS.replace(/ {10}- name: edge\n.*\n.*\n/, ''))
    const {findings} = await run([CM215], mesh({shared: {[HELMRELEASE]: text}}))
    assert.deepEqual(findings.map((f) => `${f.cluster}>${f.peer} ${f.severity}`), ['edge>infra warning'])
  })

  it('is quiet on complete peer lists (listing the cluster itself is fine)', async () => {
    assert.deepEqual((await run([CM215], mesh())).findings, [])
  })
})

describe('CM220 same-nodeport', () => {
  it('fires on the default NodePort 32379 in two clusters with kube-proxy replacement', async () => {
    const text = helmRelease().replace('type: LoadBalancer', 'type: NodePort')
    const {findings} = await run([CM220], mesh({shared: {[HELMRELEASE]: text}, clusters: ['infra', 'apps']}))
    // nodePort is the chart default: the finding points at the release's values.
    const at = `${HELMRELEASE}:${lineOf(text, '    cluster:')}`
    assert.deepEqual(brief(findings), [`CM220 infra>apps ${at}`, `CM220 apps>infra ${at}`])
    assert.match(findings[0].message, /NodePort 32379/)
  })

  it('is quiet with distinct nodePorts or without kube-proxy replacement', async () => {
    const ports = helmRelease().replace('type: LoadBalancer', 'type: NodePort\n          nodePort: ${MESH_NODEPORT}')
    const distinct = mesh({shared: {[HELMRELEASE]: ports}, settings: {infra: {MESH_NODEPORT: '32379'}, apps: {MESH_NODEPORT: '32380'}, edge: {MESH_NODEPORT: '32381'}}})
    assert.deepEqual((await run([CM220], distinct)).findings, [])
    const noKpr = helmRelease().replace('type: LoadBalancer', 'type: NodePort').replace('kubeProxyReplacement: true', 'kubeProxyReplacement: false')
    assert.deepEqual((await run([CM220], mesh({shared: {[HELMRELEASE]: noKpr}}))).findings, [])
  })
})

describe('CM222 apiserver-prerequisites', () => {
  it('fires on kvstore identity allocation (before 1.18, or without KVStoreMesh) and on disableEndpointCRD with useAPIServer', async () => {
    const text = helmRelease().replace('    kubeProxyReplacement: true', '    kubeProxyReplacement: true\n    identityAllocationMode: kvstore\n    disableEndpointCRD: true')
    const {findings} = await run([CM222], mesh({shared: {[HELMRELEASE]: text}, clusters: ['infra'], settings: {infra: {CILIUM_VERSION: '1.17.6'}}}))
    assert.deepEqual(brief(findings), [
      `CM222 infra ${HELMRELEASE}:${lineOf(text, 'identityAllocationMode')}`,
      `CM222 infra ${HELMRELEASE}:${lineOf(text, 'disableEndpointCRD')}`,
    ])
  })

  it('is quiet with crd or a doublewrite mode (the chart accepts both)', async () => {
    assert.deepEqual((await run([CM222], mesh())).findings, [])
    const dw = HR((t) => t.replace('    kubeProxyReplacement: true', '    kubeProxyReplacement: true\n    identityAllocationMode: doublewrite-readcrd'))
    assert.deepEqual((await run([CM222], mesh({shared: dw}))).findings, [])
  })
})
