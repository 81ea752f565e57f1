// ClusterMesh and datapath settings of one cluster, read from the Cilium values over the chart defaults.
import {createHash} from 'node:crypto'
import {type Fact, known, type Origin, originOf, unknown} from './fact.js'
import {asBool, asString, type ValueReader} from './reader.js'
import type {ClusterMeshSettings, Datapath, PeerEntry} from './types.js'
import {isRecord} from './values.js'
import {VARIABLE_NAMES} from './variables.js'
import type {Declared} from './addressing.js'

const CM = ['clustermesh']
const API = [...CM, 'apiserver']
const SVC = [...API, 'service']
const TLS = [...API, 'tls']

// Both annotations are honoured by LB-IPAM; io.cilium/lb-ipam-ips is the older spelling.
const PIN_ANNOTATIONS = ['lbipam.cilium.io/ips', 'io.cilium/lb-ipam-ips']

function pinnedAddresses(r: ValueReader, declared?: Declared<string>): ClusterMeshSettings['lbIPs'] {
  if (declared) return known([{ip: declared.value, via: '.kubectl-mesh.yaml', origin: {pos: declared.source}}], {pos: declared.source})
  const out: {ip: string; via: string; origin: Origin}[] = []
  const annotations = r.get([...SVC, 'annotations'])
  if (!annotations.known) return annotations
  for (const key of PIN_ANNOTATIONS) {
    if (!isRecord(annotations.value) || !Object.hasOwn(annotations.value, key)) continue
    const f = r.get([...SVC, 'annotations', key], VARIABLE_NAMES.lbIP)
    if (!f.known) return f
    for (const ip of String(f.value).split(/[\s,]+/).filter(Boolean)) out.push({ip, via: `annotation ${key}`, origin: originOf(f)})
  }
  const lbIP = r.get([...SVC, 'loadBalancerIP'], VARIABLE_NAMES.lbIP)
  if (!lbIP.known) return lbIP
  if (lbIP.value !== null && lbIP.value !== undefined && String(lbIP.value) !== '')
    out.push({ip: String(lbIP.value), via: 'loadBalancerIP', origin: originOf(lbIP)})
  return known(out, out[0]?.origin ?? annotations)
}

/** clustermesh.config.clusters: a list (1.16–1.18) or, in newer charts, a map keyed by name; enabled: false skips. */
function peerEntries(r: ValueReader): Fact<PeerEntry[]> {
  const f = r.get([...CM, 'config', 'clusters'])
  if (!f.known) return f
  const raw = f.value
  const entries: [string | number, unknown][] = Array.isArray(raw)
    ? raw.map((v, i) => [i, v])
    : isRecord(raw)
      ? Object.entries(raw)
      : []
  const out: PeerEntry[] = []
  for (const [key, e] of entries) {
    if (!isRecord(e) || e.enabled === false) continue
    const tls = isRecord(e.tls) ? e.tls : {}
    out.push({
      name: typeof key === 'string' ? key : String(e.name ?? ''),
      ...(e.address !== undefined && e.address !== null && e.address !== '' ? {address: String(e.address)} : {}),
      ...(e.port !== undefined && e.port !== null && e.port !== '' ? {port: e.port} : {}),
      ips: Array.isArray(e.ips) ? e.ips.map(String) : [],
      customTls: Boolean(tls.cert && tls.key),
      pos: r.locate([...CM, 'config', 'clusters', key]),
      resource: r.resource,
    })
  }
  return known(out, f)
}

function peersForm(r: ValueReader): Fact<'list' | 'map' | 'other'> | undefined {
  if (!r.user([...CM, 'config', 'clusters']).found) return undefined
  const f = r.get([...CM, 'config', 'clusters'])
  if (!f.known) return f
  return {...f, value: Array.isArray(f.value) ? 'list' : isRecord(f.value) ? 'map' : 'other'}
}

function legacyCa(r: ValueReader): Fact<boolean> | undefined {
  const set = ['cert', 'key'].filter((k) => {
    const u = r.user([...TLS, 'ca', k])
    return u.found && u.value !== '' && u.value !== null && u.value !== undefined
  })
  if (set.length === 0) return undefined
  return known(true, {pos: r.locate([...TLS, 'ca', set[0]]), resource: r.resource})
}

function caSettings(r: ValueReader): Pick<ClusterMeshSettings['tls'], 'caCert' | 'caKeyGiven' | 'caCertPlainPem'> {
  // tls.ca is the common CA since 1.15; clustermesh.apiserver.tls.ca is the older, per-component spelling.
  const cert = asString(r.get(['tls', 'ca', 'cert']))
  const key = asString(r.get(['tls', 'ca', 'key']))
  const legacyCert = r.user([...TLS, 'ca', 'cert'])
  const legacyKey = r.user([...TLS, 'ca', 'key'])
  const certFact: Fact<string> =
    cert.known && cert.value === '' && legacyCert.found ? asString(r.get([...TLS, 'ca', 'cert'])) : cert
  const keyFact: Fact<string> = key.known && key.value === '' && legacyKey.found ? asString(r.get([...TLS, 'ca', 'key'])) : key
  return {
    caCert: certFact.known
      ? {...certFact, value: certFact.value ? createHash('sha256').update(certFact.value.trim()).digest('hex') : undefined}
      : certFact,
    // The chart wants base64 of the PEM (b64dec in buildCustomCert); PEM text itself fails the render.
    ...(certFact.known && certFact.value ? {caCertPlainPem: {...certFact, value: /-----BEGIN [A-Z ]+-----/.test(certFact.value)}} : {}),
    // Only whether a key is given: key material never enters the model.
    caKeyGiven: keyFact.known ? {...keyFact, value: keyFact.value !== ''} : keyFact,
  }
}

function issuerRef(r: ValueReader): ClusterMeshSettings['tls']['issuerRef'] {
  const f = r.get([...TLS, 'auto', 'certManagerIssuerRef'])
  if (!f.known) return f
  if (!isRecord(f.value) || Object.keys(f.value).length === 0) return {...f, value: undefined}
  const v = f.value
  const s = (x: unknown) => (typeof x === 'string' ? x : undefined)
  return {...f, value: {kind: s(v.kind), name: s(v.name), group: s(v.group)}}
}

export interface SettingsInput {
  reader: ValueReader
  declared?: {fqdn?: Declared<string>; lbIP?: Declared<string>}
}

export function clustermeshSettings({reader: r, declared}: SettingsInput): ClusterMeshSettings {
  const serviceType = asString(r.get([...SVC, 'type']))
  const nodePort = r.get([...SVC, 'nodePort'])
  let port: Fact<number> = known(2379, serviceType)
  if (!serviceType.known) port = serviceType
  else if (serviceType.value === 'NodePort')
    port = nodePort.known ? known(Number(nodePort.value), nodePort) : nodePort
  let fqdn: Fact<string> = unknown('no FQDN is declared for this cluster')
  if (declared?.fqdn) fqdn = known(declared.fqdn.value, {pos: declared.fqdn.source})
  else {
    const hit = VARIABLE_NAMES.fqdn.map((n) => [n, r.vars.get(n)] as const).find(([, v]) => v)
    if (hit?.[1]) {
      const variable = {name: hit[0], ...(hit[1].source ? {pos: hit[1].source} : {})}
      fqdn = hit[1].unknown ? unknown(`${hit[0]} is SOPS-encrypted`, {variable}) : known(hit[1].value, {variable, pos: variable.pos})
    }
  }
  return {
    useAPIServer: asBool(r.get([...CM, 'useAPIServer'])),
    configEnabled: asBool(r.get([...CM, 'config', 'enabled'])),
    maxConnectedClusters: r.get([...CM, 'maxConnectedClusters']),
    kvstoremesh: asBool(r.get([...API, 'kvstoremesh', 'enabled'])),
    kvstoreMode: asString(r.get([...API, 'kvstoremesh', 'kvstoreMode'])),
    domain: asString(r.get([...CM, 'config', 'domain'])),
    serviceType,
    nodePort,
    lbIPs: pinnedAddresses(r, declared?.lbIP),
    fqdn,
    port,
    peers: peerEntries(r),
    ...((form) => (form ? {peersForm: form} : {}))(peersForm(r)),
    tls: {
      ...((legacy) => (legacy ? {legacyCa: legacy} : {}))(legacyCa(r)),
      autoEnabled: asBool(r.get([...TLS, 'auto', 'enabled'])),
      method: asString(r.get([...TLS, 'auto', 'method'])),
      ...caSettings(r),
      issuerRef: issuerRef(r),
    },
  }
}

const KPR_ON = new Set(['true', 'strict'])

export function datapath(r: ValueReader): Datapath {
  const kpr = r.get(['kubeProxyReplacement'])
  // An explicit "" means the chart default; the chart documents tunnel/vxlan as the effective values.
  const effective = (path: string[], fallback: string) => {
    const f = asString(r.get(path))
    return f.known && f.value === '' ? {...f, value: fallback} : f
  }
  return {
    routingMode: effective(['routingMode'], 'tunnel'),
    tunnelProtocol: effective(['tunnelProtocol'], 'vxlan'),
    ipv4NativeRoutingCIDR: asString(r.get(['ipv4NativeRoutingCIDR'], VARIABLE_NAMES.podCIDR)),
    kubeProxyReplacement: kpr.known ? {...kpr, value: KPR_ON.has(String(kpr.value))} : kpr,
    identityAllocationMode: asString(r.get(['identityAllocationMode'])),
    disableEndpointCRD: asBool(r.get(['disableEndpointCRD'])),
    ipamMode: asString(r.get(['ipam', 'mode'])),
  }
}
