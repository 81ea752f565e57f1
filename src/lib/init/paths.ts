// Where a cluster's own files are: directories and files that carry the cluster's name and that only it
// uses, while another cluster uses its own twin (kubernetes/clusters/infra next to kubernetes/clusters/apps,
// ipam/infra next to ipam/apps, helmrelease-infra.yaml next to helmrelease-apps.yaml).
import type {RenderedCluster} from '../gitops/types.js'
import type {SafeFs} from '../gitops/repo/safe-fs.js'
import {hasToken, renameTokens} from './tokens.js'

/** Files a cluster's build read (objects and Flux Kustomizations by their source file). */
export function filesUsedBy(c: RenderedCluster): Set<string> {
  const files = new Set<string>()
  for (const o of c.objects) files.add(o.source.file)
  for (const k of c.kustomizations) files.add(k.object.source.file)
  return files
}

const under = (file: string, root: string) => file === root || file.startsWith(`${root}/`)
const usesUnder = (used: Set<string>, root: string) => [...used].some((f) => under(f, root))

/** Replaces the cluster name in one path segment only (the root's last one). */
export function renameLast(path: string, from: string, to: string): string {
  const i = path.lastIndexOf('/')
  return path.slice(0, i + 1) + renameTokens(path.slice(i + 1), from, to)
}

/**
 * The template's own per-cluster roots, shortest first; the entry directory is one of them. A path is one
 * when another cluster uses its twin instead of it, or when every other cluster has a twin next to it
 * (pools/infra, pools/apps, pools/lab that every cluster applies, each enabling only its own).
 */
export function perClusterRoots(
  template: {name: string; used: Set<string>},
  others: readonly {name: string; used: Set<string>}[],
  exists: (path: string) => boolean,
): string[] {
  const roots = new Set<string>()
  for (const file of template.used) {
    const segments = file.split('/')
    for (let i = 0; i < segments.length; i++) {
      if (!hasToken(segments[i]!, template.name)) continue
      const root = segments.slice(0, i + 1).join('/')
      const twin = (o: {name: string}) => renameLast(root, template.name, o.name)
      const ownUse = others.some((o) => !usesUnder(o.used, root) && usesUnder(o.used, twin(o)))
      const allTwins = others.length > 0 && others.every((o) => exists(twin(o)))
      if (ownUse || allTwins) roots.add(root)
      break
    }
  }
  return [...roots].sort((a, b) => a.length - b.length).filter((r, i, all) => !all.slice(0, i).some((p) => under(r, p)))
}

/** Every file under a root (or the root itself when it is a file), hidden directories included, symlink escapes not. */
export function filesUnder(fs: SafeFs, root: string): string[] {
  const r = fs.resolve(root)
  if (!r.ok) return []
  if (r.kind === 'file') return [root]
  const out: string[] = []
  for (const entry of fs.list(root)) {
    const rel = `${root}/${entry.name}`
    if (entry.kind === 'dir') out.push(...filesUnder(fs, rel))
    else if (entry.kind === 'file') out.push(rel)
  }
  return out
}

/** The new cluster's path for a file under one of the template's roots: the root renamed, and file names too. */
export function copiedPath(file: string, root: string, from: string, to: string): string {
  const newRoot = renameLast(root, from, to)
  const rest = file.slice(root.length)
  return newRoot + rest.split('/').map((s) => renameTokens(s, from, to)).join('/')
}
