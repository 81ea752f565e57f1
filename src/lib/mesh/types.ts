// The MeshModel: what the repository says about each cluster of the mesh, every fact with its origin.
import type {ClusterFound, RemoteTarget, SourcePos, Variable} from '../gitops/types.js'
import type {ResourceRef} from '../report/types.js'
import type {Fact, Origin} from './fact.js'

export interface Cidr extends Origin {
  /** As written, e.g. "10.244.0.0/16". */
  cidr: string
}

/** One entry of clustermesh.config.clusters. */
export interface PeerEntry {
  name: string
  address?: string
  port?: unknown
  ips: string[]
  /** Per-peer client certificate given (clusters[].tls.cert and .key). */
  customTls: boolean
  pos?: SourcePos
  resource?: ResourceRef
}

export type ProducerKind = 'chart' | 'ExternalSecret' | 'Secret' | 'SealedSecret'

/** Something that makes a Secret exist in the cluster (the mesh Secrets, cilium-ca). */
export interface SecretProducer {
  kind: ProducerKind
  secret: string
  namespace: string
  /** SOPS-encrypted Secret: keys are readable, values are not. */
  sops?: boolean
  /** Entry names of the Secret when they can be read (never the values). */
  keys?: string[]
  pos?: SourcePos
  resource?: ResourceRef
  /** ExternalSecret only. */
  externalSecret?: {
    store: {kind: string; name: string; pos?: SourcePos}
    /** Remote key paths (data[].remoteRef.key, dataFrom[].extract.key). */
    remoteKeys: {key: string; pos?: SourcePos}[]
  }
}

export interface LbPool {
  name: string
  disabled: boolean
  /** Address ranges: CIDR "a/n" or "start-stop". */
  blocks: {text: string; pos?: SourcePos}[]
  invalid: {text: string; pos?: SourcePos}[]
  pos?: SourcePos
  resource: ResourceRef
}

export interface GlobalService {
  namespace: string
  name: string
  /** Cilium service annotations as written (service.cilium.io/* and the io.cilium/* legacy ones). */
  annotations: Record<string, {value: string; pos?: SourcePos}>
  resource: ResourceRef
  pos?: SourcePos
}

/** A CiliumNetworkPolicy/CiliumClusterwideNetworkPolicy selecting io.cilium.k8s.policy.cluster. */
export interface PolicyClusterRef {
  value: string
  pos?: SourcePos
  resource: ResourceRef
}

export interface CiliumApiObject {
  apiVersion: string
  kind: string
  pos?: SourcePos
  resource: ResourceRef
}

export interface CertIssuer {
  kind: 'Issuer' | 'ClusterIssuer'
  name: string
  namespace?: string
  /** spec.ca / spec.selfSigned / spec.vault …; "ca" carries its secretName. */
  type: string
  caSecret?: string
  pos?: SourcePos
}

export interface SecretStoreRef {
  kind: 'SecretStore' | 'ClusterSecretStore'
  name: string
  namespace?: string
}

export interface ClusterMeshSettings {
  useAPIServer: Fact<boolean>
  configEnabled: Fact<boolean>
  maxConnectedClusters: Fact<unknown>
  kvstoremesh: Fact<boolean>
  /** clustermesh.apiserver.kvstoremesh.kvstoreMode (1.18+): "internal" or "external". */
  kvstoreMode: Fact<string>
  domain: Fact<string>
  serviceType: Fact<string>
  nodePort: Fact<unknown>
  /** Pinned clustermesh-apiserver addresses (annotations, loadBalancerIP, .kubectl-mesh.yaml); [] = not pinned. */
  lbIPs: Fact<{ip: string; via: string; origin: Origin}[]>
  fqdn: Fact<string>
  /** The port peers reach this cluster's clustermesh-apiserver on (2379, or the NodePort). */
  port: Fact<number>
  peers: Fact<PeerEntry[]>
  /** How clustermesh.config.clusters is written when the user sets it: a list, or a map keyed by name (1.19+). */
  peersForm?: Fact<'list' | 'map' | 'other'>
  tls: {
    /** The removed clustermesh.apiserver.tls.ca.cert/key keys are set (the chart refuses to render). */
    legacyCa?: Fact<boolean>
    autoEnabled: Fact<boolean>
    method: Fact<string>
    /** tls.ca.cert+key (or the legacy clustermesh.apiserver.tls.ca) given: SHA-256 of the certificate text, never the key. */
    caCert: Fact<string | undefined>
    /** tls.ca.cert is PEM text: the chart base64-decodes it (buildCustomCert) and the render fails. */
    caCertPlainPem?: Fact<boolean>
    caKeyGiven: Fact<boolean>
    issuerRef: Fact<{kind?: string; name?: string; group?: string} | undefined>
  }
}

export interface Datapath {
  routingMode: Fact<string>
  tunnelProtocol: Fact<string>
  ipv4NativeRoutingCIDR: Fact<string>
  kubeProxyReplacement: Fact<boolean>
  identityAllocationMode: Fact<string>
  disableEndpointCRD: Fact<boolean>
  ipamMode: Fact<string>
}

export interface CiliumRelease {
  /** The HelmRelease; absent when the values come from files declared in .kubectl-mesh.yaml (ciliumValues). */
  resource?: ResourceRef
  /** The declared values files (ciliumValues), in merge order, when there is no HelmRelease. */
  valuesFiles?: string[]
  namespace: string
  pos: SourcePos
  /** Where spec.values is (the line to add a missing setting to). */
  valuesPos: SourcePos
  chartVersion: Fact<string>
  /** Chart minor version whose defaults were used, and whether it was assumed. */
  defaults: {chart: string; assumed: boolean}
}

export interface MeshCluster {
  /** Repository cluster (entry point) name: what findings name. */
  name: string
  entry: string
  /** How the repository's layout made it a cluster. */
  found?: ClusterFound
  /** Set when a hub applies to it through spec.kubeConfig. */
  remote?: RemoteTarget
  /** undefined when no Cilium HelmRelease was found for this cluster. */
  cilium?: CiliumRelease
  clusterName: Fact<unknown>
  clusterId: Fact<unknown>
  podCIDRs: Fact<Cidr[]>
  serviceCIDRs: Fact<Cidr[]>
  nodeCIDRs: Fact<Cidr[]>
  clustermesh: ClusterMeshSettings
  datapath: Datapath
  lbPools: LbPool[]
  /** Producers of cilium-clustermesh / cilium-kvstoremesh (the chart included when it renders them). */
  meshSecrets: SecretProducer[]
  /** Producers of cilium-ca (a CA copied between clusters counts as shared). */
  caSecrets: SecretProducer[]
  secretStores: SecretStoreRef[]
  issuers: CertIssuer[]
  services: GlobalService[]
  policyClusterRefs: PolicyClusterRef[]
  ciliumObjects: CiliumApiObject[]
  variables: ReadonlyMap<string, Variable>
  /** kube context of this cluster, declared in .kubectl-mesh.yaml (doctor / dns-check --repo match it first). */
  context?: string
  /** Files the facts came from (for the report's clusters[].sources). */
  sources: string[]
}

export interface MeshModel {
  root: string
  clusters: MeshCluster[]
}
