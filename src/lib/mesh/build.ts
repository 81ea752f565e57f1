// buildMeshModel: rendered clusters → what the repository says about each cluster of the mesh.
import type {RenderedCluster, RenderedRepository, SourcePos} from '../gitops/types.js'
import {podCIDRs, serviceCIDRs, nodeCIDRs, type Declared} from './addressing.js'
import {defaultsFor} from './chart-defaults.js'
import {type Fact, known, type Origin, unknown} from './fact.js'
import {findCiliumRelease, refOf, releaseNamespace} from './helmrelease.js'
import {certIssuers, ciliumApiObjects, ciliumServices, lbPools, policyClusterRefs, secretStores} from './objects.js'
import {makeReader, type ValueReader} from './reader.js'
import {CA_SECRET, MESH_SECRETS, secretProducers} from './secrets.js'
import {clustermeshSettings, datapath} from './settings.js'
import type {CiliumRelease, ClusterMeshSettings, Datapath, MeshCluster, MeshModel, SecretProducer} from './types.js'
import {type HelmValues, type HelmValuesAccessor, specValuesAccessor} from './values.js'
import {firstDefined, VARIABLE_NAMES, variablesFor} from './variables.js'

/** Facts declared for a cluster in .kubectl-mesh.yaml (parsed elsewhere); they win over the repository. */
export interface DeclaredCluster {
  /** Repository cluster (entry point) name. */
  name: string
  podCIDRs?: Declared<string[]>
  serviceCIDRs?: Declared<string[]>
  nodeCIDRs?: Declared<string[]>
  fqdn?: Declared<string>
  lbIP?: Declared<string>
  /** kube context of this cluster (doctor / dns-check --repo). */
  context?: string
  /**
   * The Cilium release's values from files (helmfile, Terraform, scripts: .kubectl-mesh.yaml ciliumValues), used
   * when the cluster has no Cilium HelmRelease. Positions point into the files.
   */
  ciliumValues?: {files: string[]; values: HelmValues; version?: Declared<string>; namespace?: string; pos: SourcePos}
}

export interface BuildOptions {
  /** The renderer's merged HelmRelease values (spec.values + valuesFrom); defaults to spec.values alone. */
  valuesOf?: HelmValuesAccessor
  declared?: readonly DeclaredCluster[]
}

function unknownSettings(reason: string): {clustermesh: ClusterMeshSettings; datapath: Datapath} {
  const u = unknown(reason)
  return {
    clustermesh: {
      useAPIServer: u, configEnabled: u, maxConnectedClusters: u, kvstoremesh: u, kvstoreMode: u, domain: u,
      serviceType: u, nodePort: u, lbIPs: u, fqdn: u, port: u, peers: u,
      tls: {autoEnabled: u, method: u, caCert: u, caKeyGiven: u, issuerRef: u},
    },
    datapath: {
      routingMode: u, tunnelProtocol: u, ipv4NativeRoutingCIDR: u, kubeProxyReplacement: u,
      identityAllocationMode: u, disableEndpointCRD: u, ipamMode: u,
    },
  }
}

const noValues = (reason: string): HelmValues => ({values: {}, locate: () => undefined, unknown: () => ({reason})})

/** The Secrets the chart itself renders (templates/clustermesh-config/*.yaml). */
function chartSecrets(cm: ClusterMeshSettings, namespace: string): SecretProducer[] {
  // clustermesh-secret.yaml renders on config.enabled alone since 1.15 (cilium/cilium#28763);
  // kvstoremesh-secret.yaml needs useAPIServer, config.enabled and kvstoremesh.enabled.
  const on = (f: Fact<boolean>) => f.known && f.value
  if (!on(cm.configEnabled)) return []
  const keys = cm.peers.known ? cm.peers.value.map((p) => p.name) : undefined
  const base = (secret: string): SecretProducer => ({
    kind: 'chart', secret, namespace, ...(keys ? {keys} : {}),
    ...(cm.configEnabled.pos ? {pos: cm.configEnabled.variable?.pos ?? cm.configEnabled.pos} : {}),
    ...(cm.configEnabled.resource ? {resource: cm.configEnabled.resource} : {}),
  })
  const out = [base('cilium-clustermesh')]
  if (on(cm.useAPIServer) && on(cm.kvstoremesh)) out.push(base('cilium-kvstoremesh'))
  return out
}

function buildCluster(cluster: RenderedCluster, options: BuildOptions): MeshCluster {
  const declared = options.declared?.find((d) => d.name === cluster.name)
  const found = findCiliumRelease(cluster)
  const objects = cluster.objects
  const producers = secretProducers(objects)
  let release: CiliumRelease | undefined
  let settings = unknownSettings('no Cilium HelmRelease (chart "cilium") was found for this cluster')
  let clusterName: Fact<unknown> = unknown('no Cilium HelmRelease was found for this cluster')
  let clusterId: Fact<unknown> = clusterName
  let reader: ValueReader | undefined
  const vars = variablesFor(found?.home ?? cluster, found?.hr)
  if (found) {
    const {hr, chartVersion} = found
    const defaults = defaultsFor(chartVersion.known ? chartVersion.value : undefined)
    const valuesPos = hr.locate(['spec', 'values']) ?? hr.source
    const values =
      (options.valuesOf ?? specValuesAccessor)(found.home, hr) ?? noValues('the HelmRelease values could not be rendered')
    reader = makeReader({values, chart: defaults.chart, valuesPos, vars, resource: refOf(hr)})
    release = {resource: refOf(hr), namespace: releaseNamespace(hr), pos: hr.source, valuesPos, chartVersion, defaults}
  } else if (declared?.ciliumValues) {
    // No HelmRelease (helmfile, Terraform, a script, or a declared cluster without a path): the declared values files.
    const {files, values, version, namespace, pos} = declared.ciliumValues
    const chartVersion: Fact<string> = version
      ? known(version.value.replace(/^v/, ''), {pos: version.source})
      : unknown('no ciliumVersion is declared for this cluster in .kubectl-mesh.yaml', {pos})
    const defaults = defaultsFor(chartVersion.known ? chartVersion.value : undefined)
    // A missing setting is added to the last values file (the one that wins).
    const last = files.at(-1)
    const valuesPos = last ? {file: last, line: 1, column: 1} : pos
    reader = makeReader({values, chart: defaults.chart, valuesPos, vars})
    release = {namespace: namespace ?? 'kube-system', pos, valuesPos, chartVersion, defaults, valuesFiles: files}
  } else if (cluster.argocdCilium) {
    // An Argo CD Application installs the chart: its values as Argo CD merges them (gitops/argocd/values.ts).
    const {app, values, files, valuesPos, chartVersion: version, namespace} = cluster.argocdCilium
    const chartVersion: Fact<string> = version
      ? known(version.value.replace(/^v/, ''), {pos: version.source})
      : unknown('the Application does not pin the Cilium chart version (targetRevision)', {pos: app.source})
    const defaults = defaultsFor(chartVersion.known ? chartVersion.value : undefined)
    reader = makeReader({values, chart: defaults.chart, valuesPos, vars, resource: refOf(app)})
    release = {resource: refOf(app), namespace, pos: app.source, valuesPos, chartVersion, defaults, ...(files.length ? {valuesFiles: files} : {})}
  }
  if (reader) {
    clusterName = reader.get(['cluster', 'name'], VARIABLE_NAMES.clusterName)
    clusterId = reader.get(['cluster', 'id'], VARIABLE_NAMES.clusterId)
    settings = {clustermesh: clustermeshSettings({reader, declared}), datapath: datapath(reader)}
  }
  const addressing = {reader, vars, objects, declared}
  const meshSecrets = [
    ...(release ? chartSecrets(settings.clustermesh, release.namespace) : []),
    ...producers.filter((p) => (MESH_SECRETS as readonly string[]).includes(p.secret)),
  ]
  const m: MeshCluster = {
    name: cluster.name,
    entry: cluster.entry,
    ...(cluster.found ? {found: cluster.found} : {}),
    ...(cluster.remote ? {remote: cluster.remote} : {}),
    ...(release ? {cilium: release} : {}),
    clusterName,
    clusterId,
    podCIDRs: podCIDRs(addressing),
    serviceCIDRs: serviceCIDRs(addressing),
    nodeCIDRs: nodeCIDRs(addressing),
    ...settings,
    lbPools: lbPools(objects),
    meshSecrets,
    caSecrets: producers.filter((p) => p.secret === CA_SECRET),
    secretStores: secretStores(objects),
    issuers: certIssuers(objects),
    services: ciliumServices(objects),
    policyClusterRefs: policyClusterRefs(objects),
    ciliumObjects: ciliumApiObjects(objects),
    variables: vars,
    ...(declared?.context ? {context: declared.context} : {}),
    sources: [],
  }
  m.sources = sourcesOf(m)
  return m
}

function sourcesOf(m: MeshCluster): string[] {
  const files = new Set<string>()
  const add = (pos: SourcePos | undefined) => pos && files.add(pos.file)
  const addFact = (f: Origin) => {
    add(f.variable?.pos)
    add(f.pos)
  }
  add(m.cilium?.pos)
  for (const f of [m.clusterName, m.clusterId, m.podCIDRs, m.serviceCIDRs, m.clustermesh.lbIPs, m.clustermesh.fqdn]) addFact(f)
  for (const p of m.lbPools) add(p.pos)
  for (const s of m.meshSecrets) add(s.pos)
  return [...files].sort()
}

/** Names a cluster is known by when nothing declares it: the address peers use, else <name>-cilium-apiserver.<SECRET_DOMAIN>. */
function fillFqdn(m: MeshCluster, all: readonly MeshCluster[]): void {
  if (m.clustermesh.fqdn.known || m.clustermesh.fqdn.variable) return
  const name = m.clusterName.known ? String(m.clusterName.value) : m.name
  for (const other of all) {
    if (other === m || !other.clustermesh.peers.known) continue
    const peer = other.clustermesh.peers.value.find((p) => p.name === name && p.address && !/^[\d.:]+$/.test(p.address))
    if (peer?.address) {
      m.clustermesh.fqdn = known(peer.address, {pos: peer.pos})
      return
    }
  }
  const domain = firstDefined(m.variables, VARIABLE_NAMES.secretDomain)
  if (domain && !domain.variable.unknown)
    m.clustermesh.fqdn = known(`${name}-cilium-apiserver.${domain.variable.value}`, {
      variable: {name: domain.name, ...(domain.variable.source ? {pos: domain.variable.source} : {})},
    })
}

export function buildMeshModel(repo: RenderedRepository, options: BuildOptions = {}): MeshModel {
  const clusters = repo.clusters.map((c) => buildCluster(c, options))
  for (const c of clusters) fillFqdn(c, clusters)
  return {root: repo.root, clusters}
}
