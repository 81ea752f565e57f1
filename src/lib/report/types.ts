// The report is the only thing renderers see (../shared/spec/report-contract.md).
export type Severity = 'error' | 'warning' | 'info'
export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info']

export type Category = 'input' | 'gitops' | 'mesh' | 'live' | 'cross-cluster' | 'connect' | 'dns'

export interface ResourceRef {
  apiVersion?: string
  kind: string
  namespace?: string
  name: string
}

/** Where a finding points; all optional so live findings can omit them. */
export interface Location {
  file?: string
  line?: number
  column?: number
}

export interface Finding extends Location {
  id: string
  name: string
  severity: Severity
  message: string
  cluster?: string
  /** Live findings: the kube context the cluster was read through (`cluster` is its Cilium name when known). */
  context?: string
  peer?: string
  resource?: ResourceRef
  hint?: string
  docs?: string
  /** Extra facts a person needs to act (certificate subject, DNS answers, …). Never secret material. */
  details?: string[]
  /** True for findings that mean "could not check" (CM301, CM005): they make the run incomplete, never failed. */
  incomplete?: boolean
  /**
   * The same mistake repeated: occurrences with the same id, cluster, peer, severity and group are one mistake
   * (e.g. CM101: one Flux Kustomization and one variable). Text and short show them as one finding with its places;
   * json keeps every occurrence, each carrying the key; sarif and junit keep one result per occurrence.
   */
  group?: string
  /** What that one shown finding says when the group has several places ("${X} is not defined for …, 12 places"). */
  groupMessage?: string
}

/** `error`: the check itself threw (a bug of ours); its reason says so. Never counted as passed or skipped. */
export type ResultStatus = 'pass' | 'fail' | 'skip' | 'error'

/** One evaluated (check, cluster[, peer]) pair; findings hang off it by the same scope. */
export interface CheckResult {
  id: string
  name: string
  category: Category
  title: string
  cluster?: string
  peer?: string
  status: ResultStatus
  /** Why it was skipped, or what went wrong inside the check (status error). */
  reason?: string
}

export interface Suppressed {
  id: string
  cluster?: string
  peer?: string
  reason: string
  message?: string
}

/** How lint found a cluster: the entry directory, the layout rule, where, and for a remote cluster its hub. */
export interface ClusterEntrySummary {
  path: string
  foundBy: string
  /** The layout's own name when Cilium's cluster.name replaced it. */
  name?: string
  file?: string
  line?: number
  hub?: string
  kubeConfig?: {namespace: string; secretRef?: {name: string; key?: string}; configMapRef?: {name: string}}
}

export interface ClusterSummary {
  name: string
  id?: number
  podCIDRs?: string[]
  serviceCIDRs?: string[]
  clustermesh?: Record<string, unknown>
  /** lint: how the repository's layout made it a cluster (docs/clusters.md). */
  entry?: ClusterEntrySummary
  sources?: string[]
  [extra: string]: unknown
}

/** `error`: some check threw (an internal error): the run cannot be trusted, whatever else it found (exit 4). */
export type ReportStatus = 'pass' | 'fail' | 'incomplete' | 'error'

export interface Report {
  schemaVersion: 1
  tool: {name: string; version: string; node?: string}
  command: string
  status: ReportStatus
  /** `internal`: results in status error (checks that threw); present only when there are some. */
  summary: {error: number; warning: number; info: number; checks: number; skipped: number; internal?: number}
  clusters: ClusterSummary[]
  findings: Finding[]
  suppressed: Suppressed[]
  results: CheckResult[]
  /** Free text lines a command wants shown after the findings (e.g. connect-check's matrix). */
  notes?: string[]
  /** Repository root the file paths are relative to, when there is one. */
  root?: string
}
