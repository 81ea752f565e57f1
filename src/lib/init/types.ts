// What `kubectl mesh init` works with: the answers that describe the new cluster, and the plan of file changes.

/** Everything init needs to know about the new cluster; prompts and flags only fill this in. */
export interface Answers {
  /** Cilium cluster.name, also the repository cluster name (its entry directory). */
  name: string
  id: number
  podCIDRs: string[]
  serviceCIDRs: string[]
  /** The new cluster's LB IPAM pool: "start-stop" or a CIDR. */
  lbPool: string
  /** The clustermesh-apiserver address, inside lbPool. */
  lbIP: string
  /** Where the new cluster's mesh Secret lives in the secret store (only when the repository uses one). */
  secretPath?: string
  /** The existing cluster whose shape is copied (default: the closest one). */
  like?: string
}

export type AnswerKey = keyof Answers

/** One file the plan creates or edits; `before` is what is on disk now (undefined for a new file). */
export interface FileChange {
  path: string
  before?: string
  after: string
  /** Why, in a few words per reason ("copy of kubernetes/clusters/infra/infrastructure.yaml"). */
  why: string[]
}

export interface Plan {
  answers: Answers
  /** The cluster whose shape was copied. */
  template: string
  changes: FileChange[]
  /** Settings that differ between the existing clusters but that init could not derive: copied as they are. */
  review: string[]
  /** What the repository cannot do itself (secret store, DNS, bootstrap, checks to run). */
  followUps: FollowUps
}

export interface FollowUps {
  /** The secret-store items to create or extend, with the keys they need (no secret values, ever). */
  secrets: {path: string; keys: {name: string; config: string}[]; note: string}[]
  dns?: {name: string; address: string}
  bootstrap?: string
  commands: string[]
  /** Copied files init cannot rewrite (SOPS-encrypted): what to do with them. */
  manual: string[]
}
