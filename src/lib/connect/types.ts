// The connect-check model: what each source cluster is configured to reach, and what happened when we
// took the agent's steps towards every peer. Key material lives only in PeerTls (in memory) and never
// reaches the report: clusters[] is built from the public parts only (see summary.ts).
import type {CertificateFacts} from '../probe/index.js'

/** The steps of one chain, in the order the agent takes them; each maps to one check. */
export const STEPS = ['dns', 'tcp', 'tls', 'client-auth', 'etcd', 'cluster-config', 'heartbeat'] as const
export type Step = (typeof STEPS)[number]

export const STEP_CHECK: Record<Step, string> = {
  dns: 'CM501',
  tcp: 'CM502',
  tls: 'CM503',
  'client-auth': 'CM504',
  etcd: 'CM505',
  'cluster-config': 'CM506',
  heartbeat: 'CM507',
}

export type StepOutcome =
  | {status: 'pass'; message: string; details?: string[]}
  | {status: 'fail'; message: string; details?: string[]}
  | {status: 'skip'; reason: string}
  /** The step threw: a bug of ours, never a finding about the peer (its check's result is error, exit 4). */
  | {status: 'error'; error: unknown}

export type ChainOutcome = Record<Step, StepOutcome>

/** The client side of TLS towards one peer, as the source's etcd config names it. Never printed. */
export interface PeerTls {
  ca?: string // PEM; absent: the system roots (what Go does with an empty trusted-ca-file)
  cert?: string
  key?: string
}

/** One peer entry of a source: an etcd config file (agent) or Secret key (live), named by the peer. */
export interface PeerConfig {
  name: string
  endpoints: string[]
  tls: PeerTls
  /** Host name -> addresses, from the pod's hostAliases and the config's cilium-host-aliases. */
  hostAliases: Map<string, string[]>
  /** Which files the config names, for the report (base names only). */
  files: {trustedCa?: string; cert?: string; key?: string}
  /** Why the agent could not even start connecting (unreadable config, missing file, bad endpoint). */
  problems: string[]
  /** Facts worth knowing that are not failures (an insecure-skip-tls-verify the agent would honour, …). */
  notes: string[]
}

export interface SourceProblem {
  /** CM301: could not read (unreachable, forbidden) — the run is incomplete. CM308: nothing usable to probe. */
  id: 'CM301' | 'CM308'
  message: string
  peer?: string
}

export interface Source {
  name: string
  id?: number
  context?: string
  mode: 'live' | 'offline'
  /** Where the peer configs came from, in words ("Secret kube-system/cilium-kvstoremesh (KVStoreMesh)", a directory). */
  configFrom: string
  kvstoremesh?: boolean
  peers: PeerConfig[]
  /** The source's own entry, skipped as the agent skips it. */
  skippedSelf?: string
  problems: SourceProblem[]
  /** Why host aliases could not be read (then a `<peer>.<domain>` name may fail DNS from here). */
  hostAliasGap?: string
}

export interface EndpointResult {
  endpoint: string
  host: string
  port: number
  /** Addresses the chain tried, after DNS / overrides / aliases. */
  addresses: string[]
  connectedTo?: string
  steps: ChainOutcome
}

export interface PeerResult {
  source: string
  peer: string
  endpoints: EndpointResult[]
  /** Certificate facts the chain saw, for clusters[] (public data only). */
  serverCertificate?: CertificateFacts
}

export interface ExpectedId {
  id: number
  from: string // "context apps (cilium-config)"
}

export interface ConnectModel {
  sources: Source[]
  results: PeerResult[]
  /** Expected cluster id per peer name, when known (live contexts, or a repository later). */
  expectedIds: Map<string, ExpectedId>
}
