// CM007: a cluster that syncs another branch, a tag, a semver range or a commit does not get what is merged to the
// default branch — a frequent surprise when one cluster of a fleet "does not pick up" a mesh change.
import type {RawFinding} from '../findings.js'
import type {Repo} from '../repo/repo.js'
import type {SourcePos} from '../types.js'

export interface SyncRef {
  /** How the ref is given: a FluxInstance's `refs/heads/x`, or a GitRepository's spec.ref field. */
  kind: 'branch' | 'tag' | 'semver' | 'commit' | 'name'
  value: string
  at: SourcePos
}

/** A FluxInstance / flux-instance chart `sync.ref` (refs/heads/main, refs/tags/v1, a commit). */
export function parseInstanceRef(ref: string, at: SourcePos): SyncRef {
  if (ref.startsWith('refs/heads/')) return {kind: 'branch', value: ref.slice('refs/heads/'.length), at}
  if (ref.startsWith('refs/tags/')) return {kind: 'tag', value: ref.slice('refs/tags/'.length), at}
  if (/^[0-9a-f]{40}$/.test(ref)) return {kind: 'commit', value: ref, at}
  if (ref.startsWith('refs/')) return {kind: 'name', value: ref, at}
  return {kind: 'branch', value: ref, at}
}

/** A GitRepository's spec.ref, most specific field first (as source-controller picks it). */
export function parseGitRepositoryRef(ref: Record<string, unknown>, at: (field: string) => SourcePos): SyncRef | undefined {
  for (const kind of ['commit', 'name', 'semver', 'tag', 'branch'] as const) {
    const v = ref[kind]
    if (typeof v === 'string' && v) return {kind, value: v, at: at(kind)}
  }
  return undefined
}

/** The default branch from the clone's origin/HEAD when the repository is a git clone; else undefined. */
export function defaultBranch(repo: Repo): string | undefined {
  const head = repo.fs.readText('.git/refs/remotes/origin/HEAD')
  const m = head.ok ? /^ref: refs\/remotes\/origin\/(.+)$/m.exec(head.text.trim()) : null
  return m?.[1]
}

export function syncRefFinding(cluster: string, ref: SyncRef, known: string | undefined): RawFinding | undefined {
  const defaults = known ? [known] : ['main', 'master']
  if (ref.kind === 'branch' && defaults.includes(ref.value)) return undefined
  const what = ref.kind === 'branch' ? `branch ${ref.value}` : ref.kind === 'name' ? `ref ${ref.value}` : `${ref.kind} ${ref.value}`
  const base = known ? `the default branch ${known}` : 'the default branch (main or master)'
  return {id: 'CM007', message: `${cluster} syncs ${what}, not ${base}: changes merged there do not reach this cluster`, at: ref.at}
}
