// Seeded random mutations of fixture repositories, each linted in process: shared by the test tier
// (test/fuzz/lint-fuzz.test.ts, a few thousand cases) and `npm run bench -- fuzz` (10,000, through run-fuzz.ts).
// Besides breaking the YAML (parser, references), most mutations keep it valid and change what the mesh checks read:
// CIDRs, cluster ids and names, addresses, ports, HelmRelease values and valuesFrom, peer configuration, Secrets,
// Flux substitution variables and expressions. Every case has its own seed (FUZZ_SEED + case number), so one failing
// case is replayed alone with FUZZ_CASE.
import {cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {isMap, isScalar, isSeq, parseAllDocuments, parseDocument, stringify, type Document, type Node} from 'yaml'
import {lintRepository} from '../../src/lib/lint/run.js'
import {buildReport} from '../../src/lib/report/build.js'
import type {Report} from '../../src/lib/report/types.js'

/** Repositories of several shapes (Flux, Flux Operator, helmfile, Argo CD); FUZZ_SOURCES (comma-separated) overrides. */
export const SOURCES = process.env.FUZZ_SOURCES?.split(',') ?? [
  'examples/mesh-repo',
  'test/fixtures/repos/mesh-pair',
  'test/fixtures/repos/layout-hub-spoke',
  'test/fixtures/repos/layout-helmfile',
  'test/fixtures/repos/layout-flux-operator-3',
  'test/fixtures/repos/argocd-app-per-cluster',
  'test/fixtures/repos/versions-pins',
  'test/fixtures/repos/wiring-errors',
]

export type Rand = () => number

export function prng(seed: number): Rand {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    const st = lstatSync(p)
    if (st.isDirectory()) return yamlFiles(p)
    return st.isFile() && /\.ya?ml$/.test(name) ? [p] : []
  })
}

/** Every scalar/collection node with the path of keys leading to it. */
function nodes(node: Node | null | undefined, path: unknown[] = []): {path: unknown[]; node: Node}[] {
  if (!node) return []
  const here = [{path, node}]
  if (isMap(node)) return here.concat(node.items.flatMap((p) => nodes(p.value as Node, [...path, (p.key as {value?: unknown})?.value])))
  if (isSeq(node)) return here.concat(node.items.flatMap((n, i) => nodes(n as Node, [...path, i])))
  return here
}

// Values shaped like what the mesh checks read, wrong in the ways people get them wrong (and some valid ones).
const CIDRS = ['10.42.0.0/16', '10.43.0.0/16', '10.0.0.0/8', '0.0.0.0/0', '::/0', 'fd00:10:244::/56', '10.42.0.0/33', '10.42.0.1/16', '10.42.0.0/16,10.43.0.0/16', '10.42.0.0/16, fd00::/104', '10.42.0.0/16 10.44.0.0/16', '300.1.1.1/8', '10.42.0.0', '10.42.0.0/', '/16', '10.42.0.0/-1', '10.042.0.0/16', '::ffff:10.42.0.0/112', '10.42.0.0/16/16', '']
const IDS: unknown[] = ['0', '1', '2', '255', '256', '511', '512', '-1', '1.5', '0x10', '1e3', '99999999999999999999', 'abc', '', ' 1', 0, 1, 255, 256, 511, -1, 1.5, 1e300, true, null]
const NAMES: unknown[] = ['infra', 'apps', 'west', 'east', 'hub', '', 'UPPER', 'a'.repeat(64), 'a_b', '-x', 'x.y', 'default', 'ünïcode', 1, true, null]
const IPS: unknown[] = ['10.25.11.100', '10.25.11.119', '10.25.11.255', '10.25.12.1', '::1', 'fd00::1', '999.1.1.1', '', '10.25.11.100/32', '10.25.11.100,10.25.11.101', 'localhost', 'clustermesh.example.io', 42]
const PORTS: unknown[] = [0, 1, 2379, 32379, 65535, 65536, -1, '2379', 'x', 30000, 32767, 1.5, null]
const BOOLS: unknown[] = [true, false, 'true', 'false', 'strict', 'yes', 'disabled', null, '', 0]
const MODES: unknown[] = ['tunnel', 'native', 'vxlan', 'geneve', '', 'cluster-pool', 'kubernetes', 'multi-pool', 'crd', 'eni', 'certmanager', 'helm', 'cronJob', 'wireguard', 'ipsec', 'kvstore', 'LoadBalancer', 'NodePort', 'ClusterIP', 42]
const VERSIONS: unknown[] = ['1.18.3', '1.14.0', '1.16.0', 'v1.18', 'latest', '', '2.0.0', '1.18.3-rc.1', '>=1.17.0', 1.18]
const PEMS = [
  '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n',
  '-----BEGIN CERTIFICATE-----\n-----END CERTIFICATE-----',
  '-----BEGIN CERTIFICATE-----\nnot base64 at all !!\n',
  'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0tCk1JSUJmYWtlCi0tLS0tRU5EIENFUlRJRklDQVRFLS0tLS0K',
  'not-pem',
  '',
]
const GENERIC: unknown[] = ['', 0, -1, 256, 3.5, true, null, [], {}, ['a', 1], {x: {y: 'z'}}, '../../../../etc/passwd', '${UNDEFINED_VAR}', '${A:?boom}', '$${ESCAPED}', '10.0.0.0/8', 'not-a-cidr', 'x'.repeat(300)]
const PEERS: unknown[] = [
  [],
  [{name: 'apps', port: 2379, ips: ['10.25.11.120']}],
  [{name: 'infra', address: 'clustermesh-infra.example.io', port: 2379}, {name: 'infra', port: '2379'}],
  [{name: '', ips: ['x', 1]}, {port: 32379}, null, 'apps', {name: 'west', tls: {cert: 'eA==', key: 'eA==', caCert: ''}}],
  [{name: 'east', address: '${CILIUM_CLUSTERMESH_LB_IP}', port: '${PORT}', ips: '10.0.0.1'}],
  {apps: {port: 2379}},
  'not a list',
]

/** Kind of value a settings variable or a values key holds, from its name. */
function valuesFor(key: string): unknown[] {
  if (/CIDR|SUBNET|NETWORK|PodCIDR|RoutingCIDR/i.test(key)) return CIDRS
  if (/(^|_)ID$|\bid$|ClusterID/i.test(key)) return IDS
  if (/PORT/i.test(key)) return PORTS
  if (/(^|_)IPS?$|_IP_|LB_|POOL_(START|END)|ADDRESS|HOST|loadBalancerIP|lb-ipam-ips|lbipam/i.test(key)) return IPS
  if (/NAME|CLUSTER$|^name$/i.test(key)) return NAMES
  if (/VERSION/i.test(key)) return VERSIONS
  if (/cert|key|ca\.crt|tls/i.test(key)) return PEMS
  if (/enabled|useAPIServer|kvstoremesh|Replacement|CRD/i.test(key)) return BOOLS
  if (/mode|Mode|protocol|Protocol|type|method/i.test(key)) return MODES
  return GENERIC
}

/** Where the mesh model reads HelmRelease values (src/lib/mesh/settings.ts and friends). */
const VALUE_PATHS: string[][] = [
  ['cluster', 'name'], ['cluster', 'id'],
  ['clustermesh', 'useAPIServer'], ['clustermesh', 'maxConnectedClusters'], ['clustermesh', 'config', 'enabled'],
  ['clustermesh', 'config', 'clusters'], ['clustermesh', 'config', 'domain'],
  ['clustermesh', 'apiserver', 'service', 'type'], ['clustermesh', 'apiserver', 'service', 'nodePort'],
  ['clustermesh', 'apiserver', 'service', 'loadBalancerIP'], ['clustermesh', 'apiserver', 'service', 'annotations', 'io.cilium/lb-ipam-ips'],
  ['clustermesh', 'apiserver', 'service', 'annotations', 'lbipam.cilium.io/ips'], ['clustermesh', 'apiserver', 'service', 'annotations'],
  ['clustermesh', 'apiserver', 'kvstoremesh', 'enabled'], ['clustermesh', 'apiserver', 'kvstoremesh', 'kvstoreMode'],
  ['clustermesh', 'apiserver', 'tls', 'auto', 'enabled'], ['clustermesh', 'apiserver', 'tls', 'auto', 'method'],
  ['clustermesh', 'apiserver', 'tls', 'auto', 'certManagerIssuerRef'], ['clustermesh', 'apiserver', 'tls', 'ca', 'cert'],
  ['clustermesh', 'apiserver', 'tls', 'ca', 'key'], ['tls', 'ca', 'cert'], ['tls', 'ca', 'key'],
  ['kubeProxyReplacement'], ['routingMode'], ['tunnelProtocol'], ['ipv4NativeRoutingCIDR'], ['identityAllocationMode'],
  ['disableEndpointCRD'], ['ipam', 'mode'], ['ipam', 'operator', 'clusterPoolIPv4PodCIDRList'],
  ['ipam', 'operator', 'clusterPoolIPv6PodCIDRList'], ['ipam', 'operator', 'autoCreateCiliumPodIPPools'], ['ipv4', 'enabled'],
  ['ipv6', 'enabled'], ['encryption', 'enabled'], ['encryption', 'type'], ['clustermesh'], ['ipam'], ['cluster'],
]

const SETTINGS_KEYS = ['CILIUM_CLUSTER_NAME', 'CLUSTER_NAME', 'CILIUM_CLUSTER_ID', 'CLUSTER_ID', 'POD_CIDR', 'CLUSTER_CIDR', 'SERVICE_CIDR', 'CILIUM_CLUSTERMESH_LB_IP', 'CLUSTERMESH_FQDN', 'CILIUM_LB_POOL_START', 'CILIUM_LB_POOL_END', 'CILIUM_VERSION', 'SECRET_DOMAIN']
const SUBSTITUTIONS = ['${CILIUM_CLUSTER_ID}', '${CILIUM_CLUSTER_NAME}', '${POD_CIDR}', '${POD_CIDR:-10.0.0.0/8}', '${CLUSTER_ID:=7}', '${CILIUM_CLUSTER_NAME/in/out}', '${POD_CIDR:0:4}', '${#POD_CIDR}', '${POD_CIDR^^}', '${UNSET:?required}', '$${ESCAPED}', '${', '${}', '${A}${B}', '${SECRET_DOMAIN}', '${CILIUM_CLUSTERMESH_LB_IP:-}', '${ CILIUM_CLUSTER_ID }', '${1BAD}']

const weird = (rand: Rand, key: string) => (rand() < 0.8 ? pick(rand, valuesFor(key)) : pick(rand, GENERIC))

interface Doc {
  doc: Document
  kind?: string
}

function docs(text: string): Doc[] {
  return parseAllDocuments(text).flatMap((d) => ('errors' in d && !d.errors.length ? [{doc: d as Document, kind: String(d.get('kind') ?? '') || undefined}] : []))
}
const join3 = (ds: Doc[]) => ds.map((d) => d.doc.toString()).join('---\n')

/** Applies fn to one random document of the file that fn accepts; the text is unchanged when none does. */
function onDoc(text: string, rand: Rand, accept: (d: Doc) => boolean, fn: (d: Doc) => string | void): string {
  const all = docs(text)
  const ok = all.filter(accept)
  if (!ok.length) return text
  const target = pick(rand, ok)
  const note = fn(target)
  lastNote = note ?? ''
  return join3(all)
}
let lastNote = ''

const isHelmRelease = (d: Doc) => d.kind === 'HelmRelease'
const isValuesFile = (d: Doc) => !d.kind && isMap(d.doc.contents) && ['cluster', 'clustermesh', 'ipam', 'tls', 'routingMode'].some((k) => d.doc.has(k))
const valuesBase = (d: Doc) => (isHelmRelease(d) ? ['spec', 'values'] : [])

export type Mutation = (text: string, rand: Rand) => string

export const MUTATIONS: Record<string, Mutation> = {
  // Syntax and references: the parser and the renderer.
  'delete a key'(text, rand) {
    const doc = parseDocument(text)
    const maps = nodes(doc.contents as Node).filter((n) => n.path.length > 0)
    if (!maps.length) return text
    const {path} = pick(rand, maps)
    doc.deleteIn(path)
    lastNote = path.join('.')
    return doc.toString()
  },
  'change a type'(text, rand) {
    const doc = parseDocument(text)
    const all = nodes(doc.contents as Node).filter((n) => n.path.length > 0)
    if (!all.length) return text
    const {path} = pick(rand, all)
    const value = pick(rand, GENERIC)
    doc.setIn(path, value)
    lastNote = `${path.join('.')} = ${JSON.stringify(value)}`
    return doc.toString()
  },
  'break a reference'(text, rand) {
    const refs = [...text.matchAll(/(path|name|key|resources|- )(:?\s*)([./\w-]+)/g)]
    if (!refs.length) return text
    const m = pick(rand, refs)
    const broken = pick(rand, ['missing', '../../../outside', '/etc', `${m[3]}-gone`, ''])
    return text.slice(0, m.index!) + m[1] + m[2] + broken + text.slice(m.index! + m[0].length)
  },
  truncate(text, rand) {
    return text.slice(0, Math.floor(rand() * text.length))
  },
  'garbage bytes'(text, rand) {
    const at = Math.floor(rand() * text.length)
    const junk = pick(rand, ['\u0000\u0001\u0002', ': : :', '\t- [', '{{{', '&a [*a, *a]', '*undefined_alias', '\ufffd\ufffe', '---\n---\n'])
    return text.slice(0, at) + junk + text.slice(at)
  },
  'duplicate the document'(text) {
    return `${text}\n---\n${text}`
  },

  // Valid YAML, wrong mesh: what the mesh checks read.
  'a mesh value of a HelmRelease'(text, rand) {
    return onDoc(text, rand, (d) => isHelmRelease(d) || isValuesFile(d), (d) => {
      const path = pick(rand, VALUE_PATHS)
      const value = path.join('.') === 'clustermesh.config.clusters' ? pick(rand, PEERS) : weird(rand, path.at(-1)!)
      d.doc.setIn([...valuesBase(d), ...path], value)
      return `values.${path.join('.')} = ${JSON.stringify(value)}`
    })
  },
  'delete a mesh value'(text, rand) {
    return onDoc(text, rand, (d) => isHelmRelease(d) || isValuesFile(d), (d) => {
      const path = pick(rand, VALUE_PATHS)
      d.doc.deleteIn([...valuesBase(d), ...path])
      return `delete values.${path.join('.')}`
    })
  },
  'a settings variable'(text, rand) {
    return onDoc(text, rand, (d) => (d.kind === 'ConfigMap' || d.kind === 'Secret') && isMap(d.doc.get(d.kind === 'Secret' && d.doc.has('stringData') ? 'stringData' : 'data')), (d) => {
      const field = d.kind === 'Secret' && d.doc.has('stringData') ? 'stringData' : 'data'
      const data = d.doc.get(field) as {items: {key: unknown}[]}
      const existing = data.items.map((i) => String(isScalar(i.key) ? i.key.value : i.key))
      const key = rand() < 0.6 && existing.length ? pick(rand, existing) : pick(rand, SETTINGS_KEYS)
      if (rand() < 0.15) {
        d.doc.deleteIn([field, key])
        return `delete ${field}.${key}`
      }
      const v = weird(rand, key)
      // ConfigMap data are strings; sometimes not (a mistake people make).
      const value = rand() < 0.8 && v !== null && typeof v !== 'object' ? String(v) : v
      d.doc.setIn([field, key], value)
      return `${field}.${key} = ${JSON.stringify(value)}`
    })
  },
  'a substitution expression'(text, rand) {
    const doc = parseDocument(text)
    const strings = nodes(doc.contents as Node).filter((n) => n.path.length > 0 && isScalar(n.node))
    if (!strings.length) return text
    const {path, node} = pick(rand, strings)
    const expr = pick(rand, SUBSTITUTIONS)
    const old = String((node as {value?: unknown}).value ?? '')
    const value = rand() < 0.5 ? expr : `${old}${expr}`
    doc.setIn(path, value)
    lastNote = `${path.join('.')} = ${JSON.stringify(value)}`
    return doc.toString()
  },
  'postBuild substitution of a Flux Kustomization'(text, rand) {
    return onDoc(text, rand, (d) => d.kind === 'Kustomization' && String(d.doc.get('apiVersion') ?? '').startsWith('kustomize.toolkit'), (d) => {
      const choice = Math.floor(rand() * 4)
      if (choice === 0) {
        const key = pick(rand, SETTINGS_KEYS)
        const value = weird(rand, key)
        d.doc.setIn(['spec', 'postBuild', 'substitute', key], value)
        return `postBuild.substitute.${key} = ${JSON.stringify(value)}`
      }
      if (choice === 1) {
        const from = pick(rand, [[], [{kind: 'Secret', name: 'cluster-secrets'}], [{kind: 'ConfigMap', name: 'missing', optional: true}], [{kind: 'Secret'}], [{name: 'cluster-settings'}], 'cluster-settings', [null]])
        d.doc.setIn(['spec', 'postBuild', 'substituteFrom'], from)
        return `postBuild.substituteFrom = ${JSON.stringify(from)}`
      }
      if (choice === 2) {
        const value = pick(rand, [null, {}, 'x', [], {substitute: null}, {substituteFrom: {}}])
        d.doc.setIn(['spec', 'postBuild'], value)
        return `postBuild = ${JSON.stringify(value)}`
      }
      d.doc.setIn(['metadata', 'labels', 'kustomize.toolkit.fluxcd.io/substitute'], pick(rand, ['disabled', 'enabled', '']))
      return 'substitute label'
    })
  },
  'valuesFrom of a HelmRelease'(text, rand) {
    return onDoc(text, rand, isHelmRelease, (d) => {
      const entry = pick(rand, [
        {kind: 'Secret', name: 'cilium-mesh-ca', valuesKey: 'ca.crt', targetPath: 'tls.ca.cert'},
        {kind: 'ConfigMap', name: 'cilium-values', valuesKey: 'values.yaml'},
        {kind: 'ConfigMap', name: 'cluster-settings', valuesKey: 'CILIUM_CLUSTER_ID', targetPath: 'cluster.id'},
        {kind: 'ConfigMap', name: 'cluster-settings', valuesKey: 'POD_CIDR', targetPath: 'ipam.operator.clusterPoolIPv4PodCIDRList[0]'},
        {kind: 'Secret', name: 'missing', optional: true},
        {kind: 'Secret', name: 'cilium-clustermesh', targetPath: 'a..b'},
        {kind: 'ConfigMap', name: 'x', targetPath: 'x['},
        {kind: 'ConfigMap', name: 'x', targetPath: '[0]'},
        {kind: 'Nope', name: ''},
        {name: 'cilium-values'},
        null,
        'cilium-values',
      ])
      if (isSeq(d.doc.getIn(['spec', 'valuesFrom'])) && rand() < 0.5) d.doc.addIn(['spec', 'valuesFrom'], entry)
      else d.doc.setIn(['spec', 'valuesFrom'], rand() < 0.9 ? [entry] : entry)
      return `valuesFrom += ${JSON.stringify(entry)}`
    })
  },
  'a Flux or kustomize field'(text, rand) {
    return onDoc(text, rand, (d) => Boolean(d.kind), (d) => {
      const field = pick(rand, FLUX_FIELDS)
      const value = pick(rand, field.values)
      d.doc.setIn(field.path, value)
      return `${field.path.join('.')} = ${JSON.stringify(value)}`
    })
  },
  'a Secret the mesh reads'(text, rand) {
    const name = pick(rand, ['cilium-clustermesh', 'cilium-kvstoremesh', 'cilium-ca', 'cilium-mesh-ca', 'cluster-secrets', 'clustermesh-apiserver-remote-cert'])
    const field = pick(rand, ['data', 'stringData'])
    const entries: Record<string, unknown> = {}
    for (let i = 0, n = Math.floor(rand() * 4); i < n; i++) {
      const key = pick(rand, ['ca.crt', 'ca.key', 'tls.crt', 'tls.key', 'apps', 'infra', 'west', 'east', 'apps.etcd-client-ca.crt', 'CILIUM_CLUSTER_ID', 'POD_CIDR', ''])
      entries[key] = pick(rand, [...PEMS, 'endpoints:\n- https://clustermesh-apps.example.io:2379\n', 'endpoints: 7', '%%%not-base64%%%', 'ENC[AES256_GCM,data:AAAA,type:str]', 5, null, [], {}, ...CIDRS.slice(0, 3), ...IDS.slice(0, 4)])
    }
    const secret: Record<string, unknown> = {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: {name, ...(rand() < 0.7 ? {namespace: pick(rand, ['kube-system', 'flux-system', 'cilium'])} : {})},
      ...(rand() < 0.9 ? {[field]: entries} : {}),
      ...(rand() < 0.2 ? {sops: {mac: 'ENC[AES256_GCM,data:bWFj,type:str]', version: '3.9.0'}} : {}),
    }
    lastNote = `${name} ${JSON.stringify(secret[field] ?? null).slice(0, 120)}`
    return `${text.replace(/\n?$/, '\n')}---\n${stringify(secret)}`
  },
}

/** Fields of Flux, kustomize and source objects the renderer and the GitOps/version checks read. */
const FLUX_FIELDS: {path: string[]; values: unknown[]}[] = [
  {path: ['spec', 'ref', 'tag'], values: VERSIONS},
  {path: ['spec', 'ref', 'semver'], values: ['>=1.17.0', '1.18.x', '~1.18', '^1', '*', 'garbage', '', 1.18]},
  {path: ['spec', 'ref'], values: [{branch: 'main'}, {commit: 'abc'}, {tag: '1.18.3', semver: '1.x'}, null, 'main']},
  {path: ['spec', 'chart', 'spec', 'version'], values: VERSIONS},
  {path: ['spec', 'chart'], values: [{spec: {chart: 'cilium', version: '1.18.3', sourceRef: {kind: 'HelmRepository', name: 'cilium'}}}, {spec: null}, 'cilium']},
  {path: ['spec', 'chartRef'], values: [{kind: 'OCIRepository', name: 'missing'}, {kind: 'HelmChart', name: 'x'}, {}, null, 'x']},
  {path: ['spec', 'dependsOn'], values: [[{name: 'missing'}], [{name: 'infrastructure', namespace: 'flux-system'}], [{}], ['x'], 'x', null]},
  {path: ['spec', 'healthChecks'], values: [[{apiVersion: 'apps/v1', kind: 'Deployment', name: 'x', namespace: 'y'}], [{kind: 'HelmRelease'}], 'x', [null]]},
  {path: ['spec', 'components'], values: [['../missing'], ['/abs'], [''], 'x', [1]]},
  {path: ['spec', 'patches'], values: [[{patch: 'garbage', target: {kind: 'HelmRelease'}}], [{patch: '- op: replace\n  path: /spec/values/cluster/id\n  value: 9\n', target: {kind: 'HelmRelease', name: 'cilium'}}], [{path: 'missing.yaml'}], 'x', [null]]},
  {path: ['spec', 'path'], values: ['./missing', '../..', '/', '', './kubernetes/infrastructure', 7]},
  {path: ['spec', 'sourceRef'], values: [{kind: 'OCIRepository', name: 'x'}, {kind: 'Bucket', name: 'b'}, {kind: 'GitRepository', name: 'other', namespace: 'elsewhere'}, {}, null, 'flux-system']},
  {path: ['spec', 'targetNamespace'], values: ['kube-system', '', 'UPPER', null, 3]},
  {path: ['spec', 'namePrefix'], values: ['x-', '', null, 5]},
  {path: ['spec', 'suspend'], values: [true, 'yes']},
  {path: ['metadata', 'namespace'], values: ['kube-system', 'flux-system', '', null, ['x']]},
  {path: ['metadata', 'name'], values: NAMES},
  {path: ['metadata', 'annotations', 'mesh.kubectl.io/suppress'], values: ['CM213=CA rotated by hand', 'CM999=x', 'CM213', '=', '', 'CM2xx=all', 7]},
  {path: ['apiVersion'], values: ['helm.toolkit.fluxcd.io/v2beta1', 'kustomize.toolkit.fluxcd.io/v1beta2', 'source.toolkit.fluxcd.io/v1beta2', 'external-secrets.io/v1beta1', 'v1', '', 'x/y/z']},
  {path: ['kind'], values: ['Kustomization', 'HelmRelease', 'Secret', 'ConfigMap', 'Component', 'ResourceSet', 'ExternalSecret', '', 'List']},
  {path: ['configMapGenerator'], values: [[{name: 'cilium-values', files: ['missing.yaml']}], [{name: 'x', literals: ['A=1', 'broken']}], [{name: 'x', envs: ['x.env']}], 'x']},
  {path: ['resources'], values: [['missing.yaml'], ['https://example.com/x.yaml'], ['github.com/org/repo//path?ref=v1'], [''], 'x', [null]]},
]

/** Mutations that need more than one file: the same value in two clusters (duplicate ids, overlapping CIDRs). */
function copyBetweenClusters(files: string[], rand: Rand): {file: string; text: string; note: string} | undefined {
  const settings = files.filter((f) => /cluster-settings\.ya?ml$|cluster-vars\.ya?ml$|settings\.ya?ml$/.test(f))
  if (settings.length < 2) return undefined
  const from = pick(rand, settings)
  const to = pick(rand, settings.filter((f) => f !== from))
  const src = docs(readFileSync(from, 'utf8')).find((d) => isMap(d.doc.get('data')))
  const dst = docs(readFileSync(to, 'utf8'))
  const target = dst.find((d) => isMap(d.doc.get('data')))
  if (!src || !target) return undefined
  const keys = (src.doc.get('data') as {items: {key: {value: unknown}}[]}).items.map((i) => String(i.key.value))
  const key = pick(rand, keys)
  target.doc.setIn(['data', key], src.doc.getIn(['data', key]))
  return {file: to, text: join3(dst), note: `data.${key} copied from ${from}`}
}

export interface FuzzCase {
  run: number
  source: string
  applied: string[]
  ms: number
  report?: Report
  /** Checks that threw (result status error), with their reason. */
  internal: string[]
  /** An exception out of lint itself, or a report that breaks the contract. */
  crash?: string
  /** A configuration error (a broken .kubectl-mesh.yaml): exit 2 by the contract, not a crash. */
  usage?: string
}

export interface FuzzOptions {
  runs: number
  seed: number
  /** Only this case (replay). */
  only?: number
  root: string
  onCase?: (c: FuzzCase) => void
}

export interface FuzzStats {
  cases: number
  internal: FuzzCase[]
  crashes: FuzzCase[]
  findings: Map<string, number>
  ms: number
  slowest: {run: number; ms: number}
  mutations: Map<string, number>
  /** Cases that ended in a configuration error (exit 2), not a report. */
  usage: number
  /** Time per source repository. */
  perSource: Map<string, {cases: number; ms: number}>
}

/** Replayable per case: the case's generator depends only on the seed and its number. */
const caseSeed = (seed: number, run: number) => (seed ^ Math.imul(run + 1, 0x9e3779b1)) >>> 0

export async function fuzz(options: FuzzOptions): Promise<FuzzStats> {
  const work: string[] = []
  const stats: FuzzStats = {cases: 0, internal: [], crashes: [], findings: new Map(), ms: 0, slowest: {run: -1, ms: 0}, mutations: new Map(), usage: 0, perSource: new Map()}
  const started = performance.now()
  try {
    const copies = SOURCES.map((src) => {
      const dir = mkdtempSync(join(tmpdir(), 'kubectl-mesh-fuzz-'))
      work.push(dir)
      cpSync(join(options.root, src), dir, {recursive: true, verbatimSymlinks: true})
      return {src, dir, files: yamlFiles(dir)}
    })
    const names = Object.keys(MUTATIONS)
    const first = options.only ?? 0
    const last = options.only === undefined ? options.runs : options.only + 1
    for (let run = first; run < last; run++) {
      const rand = prng(caseSeed(options.seed, run))
      const copy = pick(rand, copies)
      const touched = new Map<string, string>()
      const applied: string[] = []
      const write = (file: string, text: string) => {
        if (!touched.has(file)) touched.set(file, readFileSync(file, 'utf8'))
        writeFileSync(file, text)
      }
      const t0 = performance.now()
      const c: FuzzCase = {run, source: copy.src, applied, ms: 0, internal: []}
      try {
        // One to three mutations, in one or several files, restored after the case.
        for (let m = 0, n = 1 + Math.floor(rand() * 3); m < n; m++) {
          if (rand() < 0.08) {
            const moved = copyBetweenClusters(copy.files, rand)
            if (moved) {
              write(moved.file, moved.text)
              applied.push(`copy between clusters: ${moved.note} into ${relative(copy.dir, moved.file)}`)
              stats.mutations.set('copy between clusters', (stats.mutations.get('copy between clusters') ?? 0) + 1)
              continue
            }
          }
          const file = pick(rand, copy.files)
          const name = pick(rand, names)
          const current = readFileSync(file, 'utf8')
          lastNote = ''
          let mutated: string
          try {
            mutated = MUTATIONS[name](current, rand)
          } catch {
            mutated = MUTATIONS.truncate(current, rand)
          }
          write(file, mutated)
          stats.mutations.set(name, (stats.mutations.get(name) ?? 0) + 1)
          applied.push(`${name} in ${relative(copy.dir, file)}${lastNote ? ` (${lastNote})` : ''}`)
        }
        const gathered = await lintRepository(copy.dir, {selection: {}})
        const report = buildReport({command: 'lint', version: 'fuzz', ...gathered}, {failOn: 'error', minSeverity: 'info'})
        c.report = report
        if (!['pass', 'fail', 'incomplete', 'error'].includes(report.status)) c.crash = `report status ${report.status}`
        c.internal = report.results.filter((r) => r.status === 'error').map((r) => `${r.reason}${r.cluster ? ` [${r.cluster}]` : ''}`)
        for (const f of report.findings) {
          if (f.file && (f.file.startsWith('..') || f.file.startsWith('/'))) c.crash = `finding points outside the repository: ${f.file}`
          stats.findings.set(f.id, (stats.findings.get(f.id) ?? 0) + 1)
        }
      } catch (error) {
        if ((error as Error)?.name === 'UsageError') c.usage = (error as Error).message
        else c.crash = (error as Error)?.stack ?? String(error)
      } finally {
        for (const [file, text] of touched) writeFileSync(file, text)
      }
      c.ms = performance.now() - t0
      stats.cases++
      if (c.ms > stats.slowest.ms) stats.slowest = {run, ms: c.ms}
      if (c.internal.length) stats.internal.push(c)
      if (c.crash) stats.crashes.push(c)
      if (c.usage) stats.usage++
      const per = stats.perSource.get(c.source) ?? {cases: 0, ms: 0}
      stats.perSource.set(c.source, {cases: per.cases + 1, ms: per.ms + c.ms})
      options.onCase?.(c)
      delete c.report
    }
  } finally {
    for (const d of work) rmSync(d, {recursive: true, force: true})
  }
  stats.ms = performance.now() - started
  return stats
}

/** How to replay a case, for failure messages. */
export const replay = (seed: number, c: FuzzCase) =>
  `case ${c.run} of ${c.source} (replay: FUZZ_SEED=${seed} FUZZ_CASE=${c.run}): ${c.applied.join('; ')}`
