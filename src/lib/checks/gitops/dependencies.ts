// The dependsOn graph of a cluster: Flux Kustomizations wait for Kustomizations, HelmReleases for HelmReleases.
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {parseAllDocuments} from 'yaml'
import type {DependencyRef, FluxKustomization, RenderedCluster, RenderedObject, RenderedRepository, SourcePos} from '../../gitops/types.js'
import {isHelmRelease, ksKey} from './support.js'

export interface Node {
  kind: 'Kustomization' | 'HelmRelease'
  key: string
  /** The Kustomization that applies it (namespace/name). */
  producedBy?: string
  deps: DependencyRef[]
  object: RenderedObject
  pos: SourcePos
}

export function kustomizationNodes(c: RenderedCluster): Node[] {
  return c.kustomizations.map((k: FluxKustomization) => ({
    kind: 'Kustomization' as const,
    key: ksKey(k),
    ...(k.producedBy ? {producedBy: k.producedBy} : {}),
    deps: k.dependsOn ?? [],
    object: k.object,
    pos: k.object.source,
  }))
}

export function helmReleaseNodes(c: RenderedCluster): Node[] {
  return c.objects.filter(isHelmRelease).map((o) => {
    const ns = o.object.metadata?.namespace || 'default'
    const spec = (o.object.spec ?? {}) as {dependsOn?: unknown}
    const deps = (Array.isArray(spec.dependsOn) ? spec.dependsOn : []).map((d, i) => {
      const r = (d ?? {}) as Record<string, unknown>
      return {name: String(r.name ?? ''), namespace: typeof r.namespace === 'string' && r.namespace ? r.namespace : ns, pos: o.locate(['spec', 'dependsOn', i]) ?? o.source}
    })
    return {kind: 'HelmRelease' as const, key: `${ns}/${o.object.metadata?.name ?? ''}`, ...(o.producedBy ? {producedBy: o.producedBy} : {}), deps, object: o, pos: o.source}
  })
}

/** The chain of Kustomizations that apply `key`, nearest first (its producer, the producer's producer, …). */
export function producers(start: string | undefined, byKey: Map<string, Node>): string[] {
  const chain: string[] = []
  let cur = start
  while (cur && !chain.includes(cur)) {
    chain.push(cur)
    cur = byKey.get(cur)?.producedBy
  }
  return chain
}

/** Strongly connected components with more than one node, or a node depending on itself (Tarjan). */
export function cycles(nodes: Node[]): Node[][] {
  const byKey = new Map(nodes.map((n) => [n.key, n]))
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: Node[] = []
  const on = new Set<string>()
  const out: Node[][] = []
  let i = 0
  const visit = (n: Node): void => {
    index.set(n.key, i)
    low.set(n.key, i++)
    stack.push(n)
    on.add(n.key)
    for (const d of n.deps) {
      const m = byKey.get(`${d.namespace}/${d.name}`)
      if (!m) continue
      if (!index.has(m.key)) {
        visit(m)
        low.set(n.key, Math.min(low.get(n.key)!, low.get(m.key)!))
      } else if (on.has(m.key)) low.set(n.key, Math.min(low.get(n.key)!, index.get(m.key)!))
    }
    if (low.get(n.key) === index.get(n.key)) {
      const comp: Node[] = []
      let m: Node
      do {
        m = stack.pop()!
        on.delete(m.key)
        comp.push(m)
      } while (m !== n)
      const selfLoop = comp.length === 1 && n.deps.some((d) => `${d.namespace}/${d.name}` === n.key)
      if (comp.length > 1 || selfLoop) out.push(comp.reverse())
    }
  }
  for (const n of nodes) if (!index.has(n.key)) visit(n)
  return out
}

/** A path through a strongly connected component that returns to its first node (first -> ... -> first). */
export function cyclePath(comp: Node[]): Node[] {
  const inComp = new Map(comp.map((n) => [n.key, n]))
  const first = comp[0]!
  const path: Node[] = []
  const seen = new Set<string>()
  const dfs = (n: Node): boolean => {
    path.push(n)
    seen.add(n.key)
    for (const d of n.deps) {
      const key = `${d.namespace}/${d.name}`
      if (key === first.key) return true
      const m = inComp.get(key)
      if (m && !seen.has(key) && dfs(m)) return true
    }
    path.pop()
    return false
  }
  dfs(first)
  return [...path, first]
}

/** An object as written in a file no build of the cluster could render (names may still hold `${VAR}`). */
export interface RawObject {
  apiVersion: string
  kind: string
  name: string
  namespace?: string
  file: string
}

/**
 * Objects written in the YAML files under the paths of the cluster's Kustomizations that could not be rendered
 * completely: what those builds might still apply. Read from disk, since the renderer has no objects for them.
 */
export function unrenderedObjects(repo: RenderedRepository, c: RenderedCluster): RawObject[] {
  const dirs = c.kustomizations.filter((k) => (k.incomplete ?? []).length > 0).map((k) => k.path.replace(/^\.\//, '').replace(/\/+$/, ''))
  if (dirs.length === 0) return []
  const files = (repo.files?.all ?? []).filter((f) => dirs.some((d) => d === '' || d === '.' || f.startsWith(`${d}/`)))
  return files.flatMap((f) => rawObjectsOf(repo.root, f))
}

function rawObjectsOf(root: string, file: string): RawObject[] {
  const out: RawObject[] = []
  try {
    for (const doc of parseAllDocuments(readFileSync(join(root, file), 'utf8'))) {
      const o = doc.toJS({maxAliasCount: 100}) as Record<string, unknown> | null
      if (!o || typeof o !== 'object' || typeof o.kind !== 'string' || typeof o.apiVersion !== 'string') continue
      const meta = (o.metadata ?? {}) as Record<string, unknown>
      if (typeof meta.name !== 'string') continue
      out.push({apiVersion: o.apiVersion, kind: o.kind, name: meta.name, ...(typeof meta.namespace === 'string' ? {namespace: meta.namespace} : {}), file})
    }
  } catch {
    // unreadable or not YAML: nothing known
  }
  return out
}

/** A written name matches a wanted one; `${VAR}` parts match anything. */
export function rawNameMatches(written: string, wanted: string): boolean {
  if (!written.includes('${')) return written === wanted
  const re = written.split(/\$\{[^}]*\}/).map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')
  return new RegExp(`^${re}$`).test(wanted)
}

/** The first raw object of that group, kind and name (namespace, when written, must match too). */
export function findRaw(raw: RawObject[], group: string, kind: string, ns: string, name: string): RawObject | undefined {
  return raw.find((r) => r.kind === kind && r.apiVersion.startsWith(`${group}/`) && rawNameMatches(r.name, name) && (!r.namespace || rawNameMatches(r.namespace, ns)))
}
