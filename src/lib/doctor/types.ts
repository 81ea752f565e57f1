// The live snapshot of one cluster as doctor reads it through one context, and of the whole run.
// A read is a KubeResult: ok with the facts (undefined/[] when the object does not exist), or the access failure
// (unreachable, unauthorized, forbidden, failed) that CM301 reports and that makes dependent checks skip.
import type {KubeResult} from '../kube/index.js'
import type {CertificateFacts} from '../probe/certificate.js'

import type {CiliumConfig} from '../live/cilium-config.js'

export type {CiliumConfig}

export interface ContainerState {
  name: string
  ready: boolean
  image?: string
  /** waiting/terminated reason, e.g. CrashLoopBackOff. */
  reason?: string
  restarts: number
}

export interface PodFacts {
  name: string
  node?: string
  phase?: string
  ready: boolean
  containers: ContainerState[]
}

export interface HostAlias {
  ip: string
  hostnames: string[]
}

export interface AgentDaemonSet {
  name: string
  image?: string // the cilium-agent container's image
  desired: number
  ready: number
  updated: number
  hostAliases: HostAlias[]
}

export interface ApiserverDeployment {
  replicas: number
  ready: number
  /** A container named kvstoremesh in the pod template (cilium-cli's test). */
  kvstoremesh: boolean
  hostAliases: HostAlias[]
}

export interface ServicePort {
  name?: string
  port: number
  nodePort?: number
}

export interface MeshService {
  type: string
  ports: ServicePort[]
  ingress: {ip?: string; hostname?: string}[]
  /** Addresses the Service asks for: lbipam.cilium.io/ips, io.cilium/lb-ipam-ips, spec.loadBalancerIP. */
  pinned: {ip: string; via: string}[]
}

/** One entry of a mesh Secret: an etcd client config keyed by the remote cluster's name. Values never kept. */
export interface PeerEntry {
  name: string
  endpoints: string[]
  /** cilium-host-aliases in the entry (newer charts): host name → IPs. */
  hostAliases: HostAlias[]
  /** Why the agents cannot use the entry (src/lib/live: the same verdict as connect-check's); absent when they can. */
  problems?: string[]
}

export interface MeshSecret {
  name: string
  keys: string[]
  peers: PeerEntry[]
  /** Entries that mention endpoints: but are not a readable etcd config. */
  unreadable: {key: string; reason: string}[]
}

export interface CertificateInfo extends CertificateFacts {
  subjectKeyId?: string // hex with colons
  authorityKeyId?: string
  keyUsage: string[] // digitalSignature, keyEncipherment, keyCertSign, …
}

export interface MeshCertificate {
  secret: string
  key: string // the Secret key the certificate came from (tls.crt, ca.crt)
  cert?: CertificateInfo
  /** The certificate could not be parsed (never the bytes themselves). */
  problem?: string
  /** Leaf certificates: signed by this cluster's mesh CA (undefined when there is no CA to verify with). */
  issuedByCa?: boolean
}

export interface ExternalSecretFacts {
  name: string
  target: string
  ready?: {status: string; reason?: string; message?: string}
}

export interface NodeFacts {
  name: string
  podCIDRs: string[]
  addresses: {type: string; address: string}[]
}

export interface LbPoolFacts {
  name: string
  disabled: boolean
  blocks: string[]
}

export interface GlobalServiceFacts {
  namespace: string
  name: string
  ports: string[] // "http 80/TCP"
  /** Ready endpoints across the Service's EndpointSlices; a failure when they could not be read. */
  readyEndpoints: KubeResult<number>
}

export interface RemoteClusterStatus {
  name: string
  ready: boolean
  connected: boolean
  status?: string
  numFailures?: number
  lastFailure?: string
  config?: {required?: boolean; retrieved?: boolean; clusterId?: number}
}

/** What one agent (or one KVStoreMesh replica) says about its remote clusters. */
export interface ComponentView {
  pod: string
  container: string
  remotes: KubeResult<RemoteClusterStatus[]>
}

export type Resolution = {ok: true; addresses: string[]} | {ok: false; reason: string}

export interface ClusterReads {
  config: KubeResult<CiliumConfig | undefined>
  agents: KubeResult<AgentDaemonSet | undefined>
  agentPods: KubeResult<PodFacts[]>
  apiserver: KubeResult<ApiserverDeployment | undefined>
  apiserverPods: KubeResult<PodFacts[]>
  service: KubeResult<MeshService | undefined>
  clustermeshSecret: KubeResult<MeshSecret | undefined>
  kvstoremeshSecret: KubeResult<MeshSecret | undefined>
  ca: KubeResult<MeshCertificate | undefined>
  serverCert: KubeResult<MeshCertificate | undefined>
  remoteCert: KubeResult<MeshCertificate | undefined>
  localCert: KubeResult<MeshCertificate | undefined>
  externalSecrets: KubeResult<ExternalSecretFacts[]>
  nodes: KubeResult<NodeFacts[]>
  ciliumNodes: KubeResult<NodeFacts[]>
  lbPools: KubeResult<LbPoolFacts[]>
  globalServices: KubeResult<GlobalServiceFacts[]>
}

export interface LiveCluster {
  context: string
  server: string
  namespace: string
  /** GET /version: when it fails the context is unreachable and nothing else was read. */
  reach: KubeResult<string>
  reads?: ClusterReads
  /** cilium-dbg status in each ready agent pod; undefined when not attempted. */
  agentViews?: ComponentView[]
  /** kvstoremesh-dbg status in each ready clustermesh-apiserver pod (KVStoreMesh only). */
  kvstoremeshViews?: ComponentView[]
  /** Host names of peer endpoints and LoadBalancer ingress, resolved from where doctor runs. */
  resolved: Record<string, Resolution>
  /** Wall-clock milliseconds the collection took. */
  ms: number
}

export interface LiveModel {
  /** The clock of the run (ms since epoch), so that checks never read it themselves. */
  now: number
  clusters: LiveCluster[]
}

/** What the live checks see: the snapshot of every context, and the repository's model with --repo. */
export interface DoctorModel extends LiveModel {
  repo?: import('../mesh/types.js').MeshModel
}
