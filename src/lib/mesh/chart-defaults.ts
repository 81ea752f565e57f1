// Cilium Helm chart defaults the mesh model relies on, per chart minor version.
// Only the keys below are used; a value the repository does not set falls back to these.
//
// Sources (install/kubernetes/cilium/values.yaml of each version):
//   1.16  https://github.com/cilium/cilium/blob/v1.16.0/install/kubernetes/cilium/values.yaml
//   1.17  https://github.com/cilium/cilium/blob/v1.17.0/install/kubernetes/cilium/values.yaml
//   1.18  https://github.com/cilium/cilium/blob/v1.18.0/install/kubernetes/cilium/values.yaml
//   1.19  https://github.com/cilium/cilium/blob/v1.19.0/install/kubernetes/cilium/values.yaml
//   1.20  https://github.com/cilium/cilium/blob/v1.20.0/install/kubernetes/cilium/values.yaml
// Checked against the 1.16 values.yaml (cluster.name "default", cluster.id 0, clustermesh.useAPIServer false,
// maxConnectedClusters 255, config.enabled false, config.domain mesh.cilium.io, apiserver.kvstoremesh.enabled true,
// apiserver.service.type NodePort, nodePort 32379, apiserver.tls.auto {enabled: true, method: helm},
// apiserver.tls.authMode legacy, top-level tls.ca.cert/key "", identityAllocationMode crd, disableEndpointCRD false,
// routingMode "" (@default tunnel), tunnelProtocol "" (@default vxlan), ipam.mode cluster-pool,
// clusterPoolIPv4PodCIDRList ["10.0.0.0/8"], clusterPoolIPv6PodCIDRList ["fd00::/104"], kubeProxyReplacement "false").
// 1.17 and 1.18 keep these keys and values (their upgrade notes list no change to them).
// 1.19 sets apiserver.tls.authMode migration (cilium/cilium#42866, Documentation/operations/upgrade.rst of 1.19).
// clustermesh.config.enabled stays false in every version (issue 14: helm template of 1.19.0, 1.19.4 and 1.20.2
// renders no cilium-clustermesh Secret without a config: block; every Documentation/helm-values.rst found lists
// clustermesh.config {"enabled":false}). An earlier
// table turned it on for 1.19, which made CM214 fire on every 1.19 cluster that owns the Secret elsewhere.
// 1.19 and 1.20 accept clustermesh.config.clusters as a map keyed by name (values.schema.json: ["object","array"]);
// 1.16–1.18 only a list (see CM215).

export type ChartMinor = '1.16' | '1.17' | '1.18' | '1.19' | '1.20'

export const SUPPORTED_MINORS: readonly ChartMinor[] = ['1.16', '1.17', '1.18', '1.19', '1.20']

/** Used when the repository does not say which chart version it installs. */
export const ASSUMED_MINOR: ChartMinor = '1.18'

const BASE: Readonly<Record<string, unknown>> = {
  'cluster.name': 'default',
  'cluster.id': 0,
  'clustermesh.useAPIServer': false,
  'clustermesh.maxConnectedClusters': 255,
  'clustermesh.config.enabled': false,
  'clustermesh.config.domain': 'mesh.cilium.io',
  'clustermesh.config.clusters': [],
  'clustermesh.apiserver.kvstoremesh.enabled': true,
  'clustermesh.apiserver.kvstoremesh.kvstoreMode': 'internal',
  'clustermesh.apiserver.service.type': 'NodePort',
  'clustermesh.apiserver.service.nodePort': 32379,
  'clustermesh.apiserver.service.annotations': {},
  'clustermesh.apiserver.service.loadBalancerIP': null,
  'clustermesh.apiserver.tls.auto.enabled': true,
  'clustermesh.apiserver.tls.auto.method': 'helm',
  'clustermesh.apiserver.tls.auto.certManagerIssuerRef': {},
  'clustermesh.apiserver.tls.authMode': 'legacy',
  'tls.ca.cert': '',
  'tls.ca.key': '',
  identityAllocationMode: 'crd',
  disableEndpointCRD: false,
  // The chart writes "" and documents the effective default; we store the effective value.
  routingMode: 'tunnel',
  tunnelProtocol: 'vxlan',
  ipv4NativeRoutingCIDR: '',
  kubeProxyReplacement: 'false',
  'ipam.mode': 'cluster-pool',
  'ipam.operator.clusterPoolIPv4PodCIDRList': ['10.0.0.0/8'],
  'ipam.operator.clusterPoolIPv6PodCIDRList': ['fd00::/104'],
  'ipv4.enabled': true,
  'ipv6.enabled': false,
}

const TABLE: Readonly<Record<ChartMinor, Readonly<Record<string, unknown>>>> = {
  '1.16': BASE,
  '1.17': BASE,
  '1.18': BASE,
  '1.19': {...BASE, 'clustermesh.apiserver.tls.authMode': 'migration'},
  '1.20': {...BASE, 'clustermesh.apiserver.tls.authMode': 'migration'},
}

export const valuesUrl = (minor: ChartMinor) =>
  `https://github.com/cilium/cilium/blob/v${minor}.0/install/kubernetes/cilium/values.yaml`

export function chartDefault(minor: ChartMinor, path: string): {found: boolean; value: unknown} {
  const table = TABLE[minor]
  return Object.hasOwn(table, path) ? {found: true, value: table[path]} : {found: false, value: undefined}
}

/** "1.18.3", "v1.18.3", "1.18.x", "~1.18", ">=1.18.0 <1.19.0" → "1.18"; undefined when no minor can be read. */
export function minorOf(version: string): string | undefined {
  const m = /(\d+)\.(\d+)/.exec(version)
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined
}

/** The defaults table for a chart version: nearest supported minor, flagged when it had to be assumed. */
export function defaultsFor(version: string | undefined): {chart: ChartMinor; assumed: boolean} {
  const minor = version === undefined ? undefined : minorOf(version)
  if (!minor) return {chart: ASSUMED_MINOR, assumed: true}
  if ((SUPPORTED_MINORS as readonly string[]).includes(minor)) return {chart: minor as ChartMinor, assumed: false}
  const [major, min] = minor.split('.').map(Number)
  const below = major < 1 || (major === 1 && min < 16)
  return {chart: below ? '1.16' : '1.20', assumed: true}
}

/** Compares "1.17" style minors: negative when a < b. */
export function compareMinor(a: string, b: string): number {
  const [a1, a2] = a.split('.').map(Number)
  const [b1, b2] = b.split('.').map(Number)
  return a1 - b1 || a2 - b2
}
