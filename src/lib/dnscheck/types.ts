// The dns-check model: per cluster, the name it is known by, what DNS answered, and the addresses, pools and
// ports the repository and the live cluster say it should have. Checks CM601–CM605 read only this.
import type {Fact, Origin} from '../mesh/fact.js'
import type {DnsResult} from '../probe/index.js'

/** Which rule gave the name (../shared/spec/checks.md, end), most explicit first. */
export type NameRule = 'flag' | 'declared' | 'variable' | 'peer-address' | 'secret-domain' | 'service-annotation'

export interface NameChoice {
  name: string
  rule: NameRule
  /** In words, for people: "CILIUM_CLUSTERMESH_FQDN", "the address apps uses", "--name". */
  via: string
  /** Where the name (or the variable it is built from) is written. */
  origin?: Origin
}

/** The name to look up, or why there is none. Candidates passed over (host aliases) are kept for the details. */
export type NamePick = {ok: true; choice: NameChoice; passedOver: string[]} | {ok: false; reason: string; passedOver: string[]}

export interface Lookup {
  name: string
  /** "ip[:port]" of --resolver; absent: the system resolver. */
  server?: string
  a: DnsResult
  aaaa: DnsResult
}

export interface PinnedAddress {
  ip: string
  /** "annotation lbipam.cilium.io/ips", "loadBalancerIP", ".kubectl-mesh.yaml". */
  via: string
  origin: Origin
}

export interface PoolBlock {
  pool: string
  /** "a/n" or "start-stop". */
  text: string
  origin?: Origin
}

/** The clustermesh-apiserver Service as the cluster serves it. */
export interface LiveService {
  context: string
  namespace: string
  name: string
  type: string
  /** status.loadBalancer.ingress[].ip */
  ingress: string[]
  /** status.loadBalancer.ingress[].hostname (cloud load balancers) */
  ingressHostnames: string[]
  /** Addresses asked for through the LB-IPAM annotations or spec.loadBalancerIP. */
  pinned: string[]
  ports: {port: number; nodePort?: number; name?: string}[]
  /** external-dns.alpha.kubernetes.io/hostname: the names the cluster publishes for it. */
  hostnames: string[]
}

export type LiveState =
  | {ok: true; service: LiveService}
  /**
   * Nothing to compare with: the reason is shown as a skip. `incomplete`: the context could not be read
   * (unreachable, credentials, RBAC), which is also a CM301 finding and makes the run incomplete.
   */
  | {ok: false; context: string; reason: string; incomplete: boolean}

/** A peer's configuration naming this cluster with a port. */
export interface PeerPort {
  /** The cluster whose configuration holds the entry. */
  from: string
  port: unknown
  address?: string
  /** "clustermesh.config.clusters", "Secret kube-system/cilium-clustermesh in context infra". */
  via: string
  origin: Origin
}

export interface DnsTarget {
  /** The name findings use: the repository cluster, else the live cluster-name, else the context. */
  cluster: string
  /** Cilium's cluster.name when known (what peers' entries are keyed by). */
  meshName: string
  context?: string
  pick: NamePick
  /** Absent when there is no name to look up. */
  lookup?: Lookup
  /** From the repository; undefined without --repo. */
  pinned?: Fact<PinnedAddress[]>
  /** LB pools of the cluster (repository, else live); undefined when neither was read. */
  pools?: Fact<PoolBlock[]> & {from?: 'repository' | 'live'}
  /** The Service type and the port peers must use, from the repository. */
  serviceType?: Fact<string>
  servicePort?: Fact<number>
  /** undefined without a context for this cluster. */
  live?: LiveState
  /** Peers' entries for this cluster; undefined when no peer configuration could be read. */
  peerPorts?: Fact<PeerPort[]>
}

export interface DnsCheckModel {
  /** "ip[:port]" of --resolver; absent: the system resolver. */
  resolver?: string
  targets: DnsTarget[]
}
