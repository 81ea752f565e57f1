// Finds and reads a directory's kustomization file the way kustomize does (strict fields, legacy fields folded in).
import {docPos} from '../provenance.js'
import type {Repo} from '../repo/repo.js'
import type {YamlDoc} from '../repo/yaml-file.js'
import type {JsonPath, SourcePos} from '../types.js'

export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const

/** Fields of kustomize's types.Kustomization; Go's JSON decoder matches them case-insensitively. */
const KNOWN_FIELDS = [
  'apiVersion', 'kind', 'metadata', 'openapi', 'namePrefix', 'nameSuffix', 'namespace', 'commonLabels', 'labels',
  'commonAnnotations', 'patchesStrategicMerge', 'patchesJson6902', 'patches', 'images', 'imageTags', 'replacements',
  'replicas', 'vars', 'sortOptions', 'resources', 'crds', 'bases', 'components', 'configMapGenerator',
  'secretGenerator', 'helmGlobals', 'helmCharts', 'helmChartInflationGenerator', 'generatorOptions', 'configurations',
  'generators', 'transformers', 'validators', 'buildMetadata',
] as const
const BY_LOWER = new Map<string, string>(KNOWN_FIELDS.map((f) => [f.toLowerCase(), f]))

export interface Kustomization {
  dir: string
  /** Repository-relative path of the file; undefined when generated (Flux without kustomization.yaml). */
  file?: string
  kind: 'Kustomization' | 'Component'
  fields: Record<string, unknown>
  /** Position of a field of the file (for findings); falls back to the file start or the generator's origin. */
  at(path: JsonPath): SourcePos
  /** The document, for positions of inline patches. */
  doc?: YamlDoc
  /** Problems with the file itself (unknown fields, wrong apiVersion): kustomize refuses such a file. */
  errors: {message: string; path: JsonPath}[]
}

export type KustomizationLookup =
  | {found: true; kustomization: Kustomization}
  | {found: false; reason: 'none' | 'unreadable'; detail?: string}

/** Looks for kustomization.yaml / kustomization.yml / Kustomization in `dir`. */
export function findKustomizationFile(repo: Repo, dir: string): string[] {
  const names = new Set(repo.fs.list(dir).filter((e) => e.kind === 'file').map((e) => e.name))
  return KUSTOMIZATION_FILE_NAMES.filter((n) => names.has(n)).map((n) => (dir === '' ? n : `${dir}/${n}`))
}

export function loadKustomization(repo: Repo, dir: string): KustomizationLookup {
  const files = findKustomizationFile(repo, dir)
  if (files.length === 0) return {found: false, reason: 'none'}
  const file = files[0]!
  const loaded = repo.load(file)
  if (!loaded.ok) return {found: false, reason: 'unreadable', detail: loaded.detail}
  if (loaded.file.error) return {found: false, reason: 'unreadable', detail: `${file} has a YAML error (CM001)`}
  const doc = loaded.file.docs.find((d) => d.value !== null && d.value !== undefined)
  const errors: Kustomization['errors'] = []
  if (files.length > 1) errors.push({message: `found multiple kustomization files under ${dir || '.'}: ${files.join(', ')}`, path: []})
  const raw = doc?.value
  if (raw !== undefined && (typeof raw !== 'object' || Array.isArray(raw) || raw === null)) {
    errors.push({message: `${file} is not a mapping`, path: []})
  }
  return {found: true, kustomization: fromObject(dir, (raw ?? {}) as Record<string, unknown>, {file, doc, errors})}
}

/** Builds a Kustomization from plain data (a file, or what Flux's generator writes). */
export function fromObject(
  dir: string,
  raw: Record<string, unknown>,
  origin: {file?: string; doc?: YamlDoc; errors?: Kustomization['errors']; fallback?: SourcePos},
): Kustomization {
  const errors = [...(origin.errors ?? [])]
  const fields: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(raw)) {
    const canonical = BY_LOWER.get(key.toLowerCase())
    if (!canonical) errors.push({message: `invalid Kustomization: json: unknown field "${key}"`, path: [key]})
    else fields[canonical] = value
  }
  const kind = fields.kind === 'Component' ? 'Component' : 'Kustomization'
  if (fields.kind !== undefined && fields.kind !== 'Kustomization' && fields.kind !== 'Component') {
    errors.push({message: 'kind should be Kustomization or Component', path: ['kind']})
  }
  const wantVersion = kind === 'Component' ? 'kustomize.config.k8s.io/v1alpha1' : 'kustomize.config.k8s.io/v1beta1'
  if (fields.apiVersion !== undefined && fields.apiVersion !== wantVersion) {
    errors.push({message: `apiVersion for ${kind} should be ${wantVersion}`, path: ['apiVersion']})
  }
  // kustomize folds the deprecated fields into their replacements before building.
  if (Array.isArray(fields.bases)) fields.resources = [...asArray(fields.resources), ...fields.bases]
  if (Array.isArray(fields.imageTags)) fields.images = [...asArray(fields.images), ...fields.imageTags]
  const content = Object.keys(fields).filter((k) => k !== 'apiVersion' && k !== 'kind')
  if (content.length === 0 && errors.length === 0) errors.push({message: 'kustomization.yaml is empty', path: []})
  const fileStart: SourcePos = origin.doc?.start ?? origin.fallback ?? {file: origin.file ?? dir, line: 1, column: 1}
  const at = (path: JsonPath): SourcePos => {
    if (!origin.doc) return fileStart
    // Folded legacy fields keep their own positions: look them up under their original names.
    return docPos({doc: origin.doc, prefix: []}, originalPath(raw, path)) ?? nearest(origin.doc, path) ?? fileStart
  }
  return {dir, ...(origin.file ? {file: origin.file} : {}), kind, fields, at, ...(origin.doc ? {doc: origin.doc} : {}), errors}
}

function nearest(doc: YamlDoc, path: JsonPath): SourcePos | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const p = docPos({doc, prefix: []}, path.slice(0, i))
    if (p) return p
  }
  return undefined
}

/** Maps a path in the folded fields (resources[i] that came from bases) back to the file's own key. */
function originalPath(raw: Record<string, unknown>, path: JsonPath): JsonPath {
  const key = Object.keys(raw).find((k) => k.toLowerCase() === String(path[0]).toLowerCase()) ?? path[0]
  if ((path[0] === 'resources' || path[0] === 'images') && typeof path[1] === 'number') {
    const legacy = path[0] === 'resources' ? 'bases' : 'imageTags'
    const own = asArray(raw[key as string]).length
    if (path[1] >= own) return [legacy, path[1] - own, ...path.slice(2)]
  }
  return [key!, ...path.slice(1)]
}

export function asArray(v: unknown): unknown[] {
  return Array.isArray(v) ? v : []
}

export function asStringMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {}
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, val] of Object.entries(v)) out[k] = val === null || val === undefined ? '' : String(val)
  }
  return out
}
