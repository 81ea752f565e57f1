// Oracle: the real Cilium chart (`helm template` of github.com/cilium/cilium's install/kubernetes/cilium, each
// version testenv/helm/cilium-charts.txt lists) against what the mesh model and the CM2xx checks believe it renders
// for the same values: which mesh Secrets (cilium-clustermesh, cilium-kvstoremesh), which clustermesh-apiserver
// certificates and CA (cilium-ca), the clustermesh-apiserver Service type and port, and whether the render fails
// (values.schema.json, templates/validate.yaml). Disagreements the model keeps on purpose are listed in KNOWN.
import assert from 'node:assert/strict'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parse} from 'yaml'
import {runChecks} from '../../src/lib/checks/engine.js'
import {MESH_CHECKS} from '../../src/lib/checks/mesh/index.js'
import type {RenderedCluster} from '../../src/lib/gitops/types.js'
import {type ChartMinor, chartDefault} from '../../src/lib/mesh/chart-defaults.js'
import {buildMeshModel} from '../../src/lib/mesh/index.js'
import type {MeshCluster} from '../../src/lib/mesh/types.js'
import {objectsFromYaml} from './fixture.js'
import {ciliumChart, ciliumChartVersions, HELM_MISSING, type HelmResult, helmBinary, helmTemplate, makeCA} from './support/helm-chart.js'

type Values = Record<string, unknown>

interface Case {
  name: string
  values: (ca: {cert: string; key: string}) => Values
}

const PEER = {name: 'beta', address: 'beta.mesh.example.com', port: 2379}
const list = {enabled: true, clusters: [PEER]}
const map = {enabled: true, clusters: {beta: {address: PEER.address, port: PEER.port}}}
const api = (extra: Values = {}): Values => ({useAPIServer: true, ...extra})
const tlsAuto = (auto: Values): Values => ({apiserver: {tls: {auto: {enabled: true, ...auto}}}})
/** tls.ca.cert/key are base64-encoded PEM (values.yaml; _helpers.tpl cilium.ca.setup: buildCustomCert). */
const b64 = (pem: string) => Buffer.from(pem).toString('base64')
const caOf = (ca: {cert: string; key: string}) => ({tls: {ca: {cert: b64(ca.cert), key: b64(ca.key)}}})
const ISSUER = {certManagerIssuerRef: {group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'mesh-ca'}}

/** Every case installs cluster alpha (id 7) with Hubble off, so that cilium-ca only comes from ClusterMesh. */
const CASES: Case[] = [
  {name: 'defaults (no ClusterMesh)', values: () => ({})},
  {name: 'useAPIServer', values: () => ({clustermesh: api()})},
  {name: 'useAPIServer, KVStoreMesh off', values: () => ({clustermesh: api({apiserver: {kvstoremesh: {enabled: false}}})})},
  {name: 'config.clusters without config.enabled', values: () => ({clustermesh: {config: {clusters: [PEER]}}})},
  {name: 'config.enabled (list), useAPIServer off', values: () => ({clustermesh: {config: list}})},
  {name: 'config.enabled (list), useAPIServer', values: () => ({clustermesh: api({config: list})})},
  {name: 'config.enabled (list), useAPIServer, KVStoreMesh off', values: () => ({clustermesh: api({config: list, apiserver: {kvstoremesh: {enabled: false}}})})},
  {name: 'config.enabled (map), useAPIServer off', values: () => ({clustermesh: {config: map}})},
  {name: 'config.enabled (map), useAPIServer', values: () => ({clustermesh: api({config: map})})},
  {name: 'service LoadBalancer', values: () => ({clustermesh: api({apiserver: {service: {type: 'LoadBalancer'}}})})},
  {name: 'service NodePort 32000', values: () => ({clustermesh: api({apiserver: {service: {type: 'NodePort', nodePort: 32000}}})})},
  {name: 'tls helm, shared CA', values: (ca) => ({...caOf(ca), clustermesh: api(tlsAuto({method: 'helm'}))})},
  {name: 'tls helm, tls.ca.cert/key as plain PEM (not base64)', values: (ca) => ({tls: {ca: {cert: ca.cert, key: ca.key}}, clustermesh: api(tlsAuto({method: 'helm'}))})},
  {name: 'tls cronJob', values: () => ({clustermesh: api(tlsAuto({method: 'cronJob'}))})},
  {name: 'tls cronJob, shared CA', values: (ca) => ({...caOf(ca), clustermesh: api(tlsAuto({method: 'cronJob'}))})},
  {name: 'tls certmanager', values: () => ({clustermesh: api(tlsAuto({method: 'certmanager', ...ISSUER}))})},
  {name: 'tls certmanager, shared CA', values: (ca) => ({...caOf(ca), clustermesh: api(tlsAuto({method: 'certmanager', ...ISSUER}))})},
  {name: 'tls certmanager without certManagerIssuerRef', values: () => ({clustermesh: api(tlsAuto({method: 'certmanager'}))})},
  {name: 'tls certmanager without certManagerIssuerRef, useAPIServer off', values: () => ({clustermesh: {config: list, ...tlsAuto({method: 'certmanager'})}})},
  {name: 'removed clustermesh.apiserver.tls.ca.cert/key', values: (ca) => ({clustermesh: api({apiserver: {tls: {ca: {cert: b64(ca.cert), key: b64(ca.key)}}}})})},
  {name: 'maxConnectedClusters 511', values: () => ({clustermesh: api({maxConnectedClusters: 511})})},
  {name: 'maxConnectedClusters 300', values: () => ({clustermesh: api({maxConnectedClusters: 300})})},
  {name: 'maxConnectedClusters 300, ClusterMesh off', values: () => ({clustermesh: {maxConnectedClusters: 300}})},
  {name: 'maxConnectedClusters "511" (quoted)', values: () => ({clustermesh: api({maxConnectedClusters: '511'})})},
  {name: 'cluster.id "7" (quoted)', values: () => ({cluster: {name: 'alpha', id: '7'}, clustermesh: api()})},
  {name: 'cluster.id 300 with maxConnectedClusters 511', values: () => ({cluster: {name: 'alpha', id: 300}, clustermesh: api({maxConnectedClusters: 511})})},
  {name: 'cluster.name with capitals', values: () => ({cluster: {name: 'Alpha', id: 7}, clustermesh: api()})},
  {name: 'cluster.name default with id 7', values: () => ({cluster: {name: 'default', id: 7}, clustermesh: api()})},
  {name: 'identityAllocationMode kvstore, useAPIServer, KVStoreMesh on', values: () => ({identityAllocationMode: 'kvstore', clustermesh: api()})},
  {name: 'identityAllocationMode kvstore, useAPIServer, KVStoreMesh off', values: () => ({identityAllocationMode: 'kvstore', clustermesh: api({apiserver: {kvstoremesh: {enabled: false}}})})},
  {name: 'disableEndpointCRD, useAPIServer', values: () => ({disableEndpointCRD: true, clustermesh: api()})},
]

/**
 * Where the chart and the model disagree on purpose, by "<case>@<minor>": the test asserts the disagreement is
 * still the one described, so that a chart or model change that removes it is noticed.
 */
// Disagreements the model keeps on purpose: none at present (CM208 judges maxConnectedClusters in every cluster that
// installs the chart; CM213 reports a tls.ca.cert given as PEM text instead of base64).
const KNOWN: Record<string, string> = {}

interface Verdict {
  fails: boolean
  secrets?: string[]
  ca?: 'given' | 'minted' | 'none'
  service?: string
}

const WATCHED = /^(cilium-clustermesh|cilium-kvstoremesh|cilium-ca|clustermesh-apiserver-.*-cert)$/

/** What the chart really renders. */
function observe(r: HelmResult, ca: {cert: string}): Verdict & {error?: string} {
  if (!r.ok) return {fails: true, error: r.error.split('\n').filter((l) => !l.includes('warning:')).join(' ')}
  const inNs = r.objects.filter((o) => (o.namespace ?? 'kube-system') === 'kube-system')
  const secrets = inNs.filter((o) => o.kind === 'Secret' && WATCHED.test(o.name))
  const caSecret = secrets.find((s) => s.name === 'cilium-ca')
  // ca.crt holds the PEM: the given one (tls.ca.cert is its base64) or one helm minted (genCA).
  const caCrt = caSecret ? Buffer.from(String((caSecret.object.data as Record<string, string>)['ca.crt']), 'base64').toString() : undefined
  const svc = inNs.find((o) => o.kind === 'Service' && o.name === 'clustermesh-apiserver')
  const spec = svc?.object.spec as {type?: string; ports?: {port: number; nodePort?: number}[]} | undefined
  const port = spec?.type === 'NodePort' ? spec.ports?.[0]?.nodePort : spec?.ports?.[0]?.port
  return {
    fails: false,
    secrets: secrets.filter((s) => s.name !== 'cilium-ca').map((s) => s.name).sort(),
    ca: caCrt === undefined ? 'none' : caCrt.trim() === ca.cert.trim() ? 'given' : 'minted',
    service: spec ? `${spec.type ?? 'ClusterIP'}:${port}` : 'none',
  }
}

/** What helm prints when it refuses the values for the reason the check gives. */
const REASON: Record<string, RegExp> = {
  CM201: /The cluster name is invalid/,
  CM202: /at '\/cluster\/id': got string, want integer/,
  CM208: /max-connected-clusters must be set to 255 or 511|at '\/clustermesh\/maxConnectedClusters': got string, want integer/,
  CM213: /requires that user specifies \.Values\.clustermesh\.apiserver\.tls\.auto\.certManagerIssuerRef|clustermesh\.apiserver\.tls\.ca\.cert and clustermesh\.apiserver\.tls\.ca\.key were deprecated|unable to decode base64 certificate/,
  CM215: /at '\/clustermesh\/config\/clusters': got object, want array/,
  CM222: /The clustermesh-apiserver cannot be enabled in combination|The kvstoremesh container cannot be disabled in combination/,
}

/** Findings that say the chart refuses the values (the HelmRelease fails), by check. */
const RENDER_FAILURE: Record<string, (f: {message: string; severity?: string; peer?: string}) => boolean> = {
  CM201: () => true,
  CM202: (f) => f.message.includes('wants an integer'),
  CM208: (f) => !f.peer,
  CM213: (f) => f.severity === 'error',
  CM215: (f) => /HelmRelease fails|fails to render/.test(f.message),
  CM222: () => true,
}

const on = (f: {known: boolean; value?: unknown}) => f.known && f.value === true

/** What the model (and the checks reading it) believe the chart renders for this cluster. */
function predict(m: MeshCluster, findings: readonly {id: string; cluster?: string; message: string; severity?: string; peer?: string}[]): Verdict & {why?: string; check?: string} {
  const failing = findings.find((f) => f.cluster === m.name && RENDER_FAILURE[f.id]?.(f))
  if (failing) return {fails: true, why: `${failing.id}: ${failing.message}`, check: failing.id}
  const cm = m.clustermesh
  const api = on(cm.useAPIServer)
  const helmCerts = api && on(cm.tls.autoEnabled) && cm.tls.method.known && cm.tls.method.value === 'helm' && cm.kvstoreMode.known && cm.kvstoreMode.value === 'internal'
  const certs = helmCerts ? ['admin', 'remote', 'server', ...(on(cm.kvstoremesh) ? ['local'] : [])].map((c) => `clustermesh-apiserver-${c}-cert`) : []
  const given = cm.tls.caCert.known && cm.tls.caCert.value !== undefined && on(cm.tls.caKeyGiven)
  return {
    fails: false,
    secrets: [...m.meshSecrets.filter((p) => p.kind === 'chart').map((p) => p.secret), ...certs].sort(),
    ca: given ? 'given' : helmCerts ? 'minted' : 'none',
    service: api ? `${cm.serviceType.known ? cm.serviceType.value : '?'}:${cm.port.known ? cm.port.value : '?'}` : 'none',
  }
}

function clusterWith(values: Values, version: string): RenderedCluster {
  const hr = {
    apiVersion: 'helm.toolkit.fluxcd.io/v2',
    kind: 'HelmRelease',
    metadata: {name: 'cilium', namespace: 'kube-system'},
    spec: {
      chart: {spec: {chart: 'cilium', version, sourceRef: {kind: 'HelmRepository', name: 'cilium', namespace: 'flux-system'}}},
      values,
    },
  }
  // JSON is YAML: the values keep their types (a quoted "511" stays a string), as in a HelmRelease.
  const objects = objectsFromYaml('kubernetes/apps/cilium/helmrelease.yaml', JSON.stringify(hr, null, 1))
  return {name: 'alpha', entry: 'kubernetes/clusters/alpha', objects, kustomizations: [], variables: new Map()}
}

const merge = (a: Values, b: Values): Values => {
  const out: Values = {...a}
  for (const [k, v] of Object.entries(b))
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && out[k] && typeof out[k] === 'object' && !Array.isArray(out[k]) ? merge(out[k] as Values, v as Values) : v
  return out
}

describe('the mesh model agrees with `helm template` of the real Cilium chart', function () {
  const bin = helmBinary()
  const versions = ciliumChartVersions()
  let ca: {cert: string; key: string}
  before(function () {
    if (!bin || versions.some((v) => !ciliumChart(v))) {
      // npm run testenv builds and downloads them: in CI a missing oracle is a set-up failure, not a skip.
      if (process.env.CI) throw new Error(HELM_MISSING)
      console.log(`    skipped: ${HELM_MISSING}`)
      this.skip()
    }
    ca = makeCA()
  })

  for (const version of versions) {
    const minor = version.replace(/^v(\d+\.\d+).*/, '$1')
    it(`for every case of the matrix, Cilium ${version}`, async function () {
      this.timeout(300_000)
      const disagreements: Record<string, string> = {}
      for (const c of CASES) {
        const values = merge({cluster: {name: 'alpha', id: 7}, hubble: {enabled: false}}, c.values(ca))
        const real = observe(helmTemplate(bin!, ciliumChart(version)!, values), ca)
        const model = buildMeshModel({root: '/repo', clusters: [clusterWith(values, version.replace(/^v/, ''))], findings: []})
        const {findings} = await runChecks(MESH_CHECKS, model)
        const ours = predict(model.clusters[0]!, findings)
        const {why, check, ...belief} = ours
        const {error, ...truth} = real
        if (process.env.ORACLE_DEBUG) console.log(`${c.name}@${minor}: ${JSON.stringify(truth)} ${error ?? ''} <> ${why ?? ''}`)
        // Both refuse: for the same reason.
        const sameReason = !truth.fails || !check || REASON[check]!.test(error ?? '')
        if (JSON.stringify(belief) === JSON.stringify(truth) && sameReason) continue
        disagreements[`${c.name}@${minor}`] = `chart ${JSON.stringify(truth)}${error ? ` (${error})` : ''}; model ${JSON.stringify(belief)}${why ? ` (${why})` : ''}`
      }
      const known = Object.fromEntries(Object.entries(KNOWN).filter(([k]) => k.endsWith(`@${minor}`)))
      assert.deepEqual(Object.keys(disagreements).sort(), Object.keys(known).sort(), JSON.stringify(disagreements, null, 2))
    })
  }
})

/** Every key of the defaults table (src/lib/mesh/chart-defaults.ts). */
const DEFAULT_KEYS = [
  'cluster.name', 'cluster.id', 'clustermesh.useAPIServer', 'clustermesh.maxConnectedClusters', 'clustermesh.config.enabled',
  'clustermesh.config.domain', 'clustermesh.config.clusters', 'clustermesh.apiserver.kvstoremesh.enabled',
  'clustermesh.apiserver.kvstoremesh.kvstoreMode', 'clustermesh.apiserver.service.type', 'clustermesh.apiserver.service.nodePort',
  'clustermesh.apiserver.service.annotations', 'clustermesh.apiserver.service.loadBalancerIP', 'clustermesh.apiserver.tls.auto.enabled',
  'clustermesh.apiserver.tls.auto.method', 'clustermesh.apiserver.tls.auto.certManagerIssuerRef', 'clustermesh.apiserver.tls.authMode',
  'tls.ca.cert', 'tls.ca.key', 'identityAllocationMode', 'disableEndpointCRD', 'routingMode', 'tunnelProtocol', 'ipv4NativeRoutingCIDR',
  'kubeProxyReplacement', 'ipam.mode', 'ipam.operator.clusterPoolIPv4PodCIDRList', 'ipam.operator.clusterPoolIPv6PodCIDRList',
  'ipv4.enabled', 'ipv6.enabled',
]

/**
 * Where the table stores the effective value rather than what values.yaml writes, by key (and minor when only some
 * minors): the chart writes "" and documents the default, or the key did not exist yet and the one behaviour there was
 * is what the table says.
 */
const EFFECTIVE: Record<string, {chart: unknown; why: string; minors?: string[]}> = {
  routingMode: {chart: '', why: 'values.yaml writes "" (@default tunnel)'},
  tunnelProtocol: {chart: '', why: 'values.yaml writes "" (@default vxlan)'},
  kubeProxyReplacement: {chart: undefined, minors: ['1.16', '1.17'], why: 'not in values.yaml before 1.18; cilium-configmap.yaml falls back to "false"'},
  'clustermesh.apiserver.kvstoremesh.kvstoreMode': {chart: undefined, minors: ['1.16', '1.17'], why: 'added in 1.18; before it KVStoreMesh only ran its own (internal) etcd'},
}

describe('the chart defaults table agrees with the values.yaml of the real Cilium chart', function () {
  const versions = ciliumChartVersions()
  before(function () {
    if (versions.some((v) => !ciliumChart(v))) {
      if (process.env.CI) throw new Error(HELM_MISSING)
      console.log(`    skipped: ${HELM_MISSING}`)
      this.skip()
    }
  })
  for (const version of versions) {
    const minor = version.replace(/^v(\d+\.\d+).*/, '$1') as ChartMinor
    it(`for every key the model reads, Cilium ${version}`, () => {
      const values = parse(readFileSync(join(ciliumChart(version)!, 'values.yaml'), 'utf8')) as Values
      const wrong: string[] = []
      for (const key of DEFAULT_KEYS) {
        const ours = chartDefault(minor, key)
        assert.ok(ours.found, `${key} is not in the defaults table for ${minor}`)
        const chart = key.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Values)[k] : undefined), values)
        const effective = EFFECTIVE[key]
        if (effective && (!effective.minors || effective.minors.includes(minor))) {
          assert.deepEqual(chart, effective.chart, `${key}: ${effective.why}`)
          continue
        }
        if (JSON.stringify(chart) !== JSON.stringify(ours.value)) wrong.push(`${key}: chart ${JSON.stringify(chart)}, table ${JSON.stringify(ours.value)}`)
      }
      assert.deepEqual(wrong, [])
    })
  }
})
