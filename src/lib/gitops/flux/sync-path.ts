// A sync path with variables (`kubernetes/flux/clusters/${CLUSTER_NAME}`, as flux-instance HelmReleases shared by
// several clusters write it) becomes one entry per cluster: each value the repository gives the variable (settings
// ConfigMaps, postBuild.substitute, values files) that names an existing directory; failing that, every directory
// the variable part matches.
import type {Repo} from '../repo/repo.js'
import type {TreeIndex} from './tree-index.js'

export interface ResolvedPath {
  path: string
  /** The value each variable took. */
  values: Record<string, string>
}

const VAR = /\$\{([_A-Za-z][_A-Za-z0-9]*)(?:(:?[-=+?])([^}]*))?\}/g
/** More combinations than this are not tried (a repository of Cilium's 511 clusters still fits). */
const MAX_COMBINATIONS = 1024

const rec = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

export function hasVariables(path: string): boolean {
  return /\$\{[_A-Za-z]/.test(path)
}

export function resolveSyncPath(raw: string, repo: Repo, index: TreeIndex): ResolvedPath[] {
  const norm = (p: string) => p.replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '')
  if (!hasVariables(raw)) return [{path: norm(raw), values: {}}]
  const names = [...new Set([...raw.matchAll(VAR)].map((m) => m[1]!))]
  const candidates = names.map((n) => [...valuesOf(n, repo)])
  const out = new Map<string, ResolvedPath>()
  for (const combo of combinations(candidates)) {
    const values = Object.fromEntries(names.map((n, i) => [n, combo[i]!]))
    const path = norm(raw.replace(VAR, (_m, name: string, op?: string, def?: string) => values[name] ?? (op?.includes('-') || op?.includes('=') ? def ?? '' : '')))
    if (index.isDir(path) && !out.has(path)) out.set(path, {path, values})
  }
  if (out.size > 0) return [...out.values()]
  return matchDirectories(norm(raw), names, index)
}

/** Every existing directory the path matches with each variable standing for one path segment (or part of one). */
function matchDirectories(raw: string, names: string[], index: TreeIndex): ResolvedPath[] {
  const groups: string[] = []
  let pattern = ''
  let last = 0
  for (const m of raw.matchAll(VAR)) {
    pattern += escape(raw.slice(last, m.index)) + '([^/]+)'
    groups.push(m[1]!)
    last = m.index! + m[0].length
  }
  pattern += escape(raw.slice(last))
  const re = new RegExp(`^${pattern}$`)
  const out: ResolvedPath[] = []
  for (const dir of [...index.dirs].sort()) {
    const m = re.exec(dir)
    if (!m) continue
    const values: Record<string, string> = {}
    groups.forEach((g, i) => (values[g] ??= m[i + 1]!))
    if (names.every((n) => values[n] !== undefined)) out.push({path: dir, values})
  }
  return out
}

/** Values the repository gives a variable anywhere: data/stringData keys, postBuild.substitute, values-file keys. */
function valuesOf(name: string, repo: Repo): Set<string> {
  const found = new Set<string>()
  const keyPattern = new RegExp(`(^|[\\s{,"'])${name}["']?\\s*:`, 'm')
  for (const file of repo.yamlFiles()) {
    const text = repo.fs.readText(file)
    if (!text.ok || !keyPattern.test(text.text)) continue
    const loaded = repo.load(file)
    if (!loaded.ok) continue
    for (const doc of loaded.file.docs) collect(doc.value, name, found, 0)
  }
  return found
}

function collect(v: unknown, name: string, out: Set<string>, depth: number): void {
  if (depth > 12) return
  if (Array.isArray(v)) {
    for (const x of v) collect(x, name, out, depth + 1)
    return
  }
  if (!rec(v)) return
  for (const [k, x] of Object.entries(v)) {
    if (k === name && (typeof x === 'string' || typeof x === 'number') && !String(x).includes('${') && String(x).trim()) out.add(String(x).trim())
    else collect(x, name, out, depth + 1)
  }
}

function* combinations(lists: string[][]): Generator<string[]> {
  if (lists.some((l) => l.length === 0)) return
  let n = 0
  const walk = function* (i: number, acc: string[]): Generator<string[]> {
    if (n >= MAX_COMBINATIONS) return
    if (i === lists.length) {
      n++
      yield acc
      return
    }
    for (const v of lists[i]!) yield* walk(i + 1, [...acc, v])
  }
  yield* walk(0, [])
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
