// What the kustomization files of the repository say about files besides `resources:` (for CM105): files named by
// configurations, crds, openapi, components, generators, patches, replacements, helmCharts; Component directories;
// entries that are commented out (deliberately left out); directories whose kustomization already has CM002.
// The renderer records only the files a build read; these references are read from the files themselves, through
// the same safe repository reader the renderer uses (never outside the repository).
import {KUSTOMIZATION_FILE_NAMES} from '../../gitops/kustomize/kustomization-file.js'
import {basenameRel, dirnameRel, isUnder, joinRel} from '../../gitops/repo/paths.js'
import {Repo} from '../../gitops/repo/repo.js'
import type {RenderedRepository} from '../../gitops/types.js'

export interface FileReferences {
  /** Files (or directories: everything below them) some kustomization names outside `resources:`. */
  referenced: (file: string) => boolean
  /** Directories whose kustomization is a `kind: Component` (everything below them is component input). */
  inComponent: (file: string) => boolean
  /** A sibling (or ancestor) kustomization names the file in a commented-out entry. */
  commentedOut: (file: string) => boolean
  /** Directories whose kustomization has a CM002 finding (missing resources): CM002 already says what is wrong. */
  brokenKustomization: (file: string) => boolean
  /** The file holds at least one document with apiVersion and kind (a Kubernetes manifest or a kustomization). */
  isManifest: (file: string) => boolean
}

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined || v === null ? [] : [v])
const strs = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === 'string' && x !== '')
const isKustomizationFile = (f: string) => (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(basenameRel(f))

/** `key=path` of generator `files:` (kustomize's file source syntax). */
const fileSource = (s: string) => (s.includes('=') ? s.slice(s.indexOf('=') + 1) : s)

/** Paths named by a kustomization besides its resources (paths relative to its directory). */
function namedPaths(k: Record<string, unknown>): string[] {
  const out: string[] = [...strs(k.configurations), ...strs(k.crds), ...strs(k.components), ...strs(k.transformers), ...strs(k.generators),
    ...strs(k.validators), ...strs(k.patchesStrategicMerge).filter((p) => !p.includes('\n'))]
  const openapi = rec(k.openapi)
  if (typeof openapi.path === 'string') out.push(openapi.path)
  for (const gen of [...list(k.configMapGenerator), ...list(k.secretGenerator)]) {
    const g = rec(gen)
    out.push(...strs(g.files).map(fileSource), ...strs(g.envs), ...strs(g.env))
  }
  for (const field of ['patches', 'patchesJson6902', 'replacements']) for (const p of list(k[field])) if (typeof rec(p).path === 'string') out.push(rec(p).path as string)
  for (const chart of list(k.helmCharts)) out.push(...strs(rec(chart).valuesFile), ...strs(rec(chart).additionalValuesFiles))
  return out
}

/** `# - file.yaml` / `#- ./dir/` lines: entries someone commented out of a list. */
const COMMENTED_ENTRY = /^\s*#\s*-\s+['"]?([^\s'"#]+)/

export function readReferences(model: RenderedRepository, candidates: string[]): FileReferences {
  const repo = new Repo(model.root)
  const all = model.files?.all ?? []
  const refs = new Set<string>()
  const components = new Set<string>()
  const commented = new Set<string>()
  for (const file of all.filter(isKustomizationFile)) {
    const loaded = repo.load(file)
    if (!loaded.ok) continue
    const dir = dirnameRel(file)
    for (const doc of loaded.file.docs) {
      const k = rec(doc.value)
      if (k.kind === 'Component') components.add(dir)
      for (const p of namedPaths(k)) {
        const rel = joinRel(dir, p)
        if (rel !== undefined && !isUnder(dir, rel)) refs.add(rel)
      }
    }
    for (const line of loaded.file.text.split(/\r?\n/)) {
      const m = COMMENTED_ENTRY.exec(line)
      const rel = m ? joinRel(dir, m[1]!) : undefined
      // `# - ./` or `# - ../base` naming the kustomization's own directory or above says nothing about a file.
      if (rel !== undefined && !isUnder(dir, rel)) commented.add(rel)
    }
  }
  const broken = new Set(model.findings.filter((f) => f.id === 'CM002' && f.file && isKustomizationFile(f.file)).map((f) => dirnameRel(f.file!)))
  const manifests = new Map<string, boolean>()
  for (const file of candidates) {
    const loaded = repo.load(file)
    // Unreadable or broken YAML is CM001's; do not also call it unlisted.
    manifests.set(file, loaded.ok && !loaded.file.error && loaded.file.docs.some((d) => {
      const v = rec(d.value)
      return typeof v.apiVersion === 'string' && typeof v.kind === 'string'
    }))
  }
  const underAny = (set: Set<string>) => (file: string) => set.has(file) || [...set].some((d) => isUnder(file, d))
  return {
    referenced: underAny(refs),
    inComponent: underAny(components),
    commentedOut: underAny(commented),
    brokenKustomization: (file) => broken.has(dirnameRel(file)),
    isManifest: (file) => manifests.get(file) ?? true,
  }
}
