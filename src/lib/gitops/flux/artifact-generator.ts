// Flux 2.7 source-watcher ArtifactGenerator (source.extensions.fluxcd.io/v1beta1): maps the path a Flux
// Kustomization builds inside a generated ExternalArtifact back to a directory of this repository.
// Copy semantics (source-watcher docs/spec/v1beta1/artifactgenerators.md, "Copy Operations"), `cp`-like:
//   @src/dir/**  → @artifact/dest/   contents of dir, recursively, into dest/        (dest ↔ dir)
//   @src/dir/    → @artifact/dest/   dir itself as dest/dir/                          (dest/dir ↔ dir)
//   @src/dir/*.yaml, @src/dir/**/*.yaml → @artifact/dest/   matching files only         (dest ↔ dir, a subset)
//   @src/file    → @artifact/dest/   dest/file;  → @artifact/x.yaml  the file renamed
// Operations run in order, later ones overwrite earlier files; `exclude` filters; Merge/Extract strategies change
// file content. The ExternalArtifact is created in the generator's namespace; a source's namespace defaults to it.
import type {RenderedObject} from '../types.js'

export type ArtifactPathMapping =
  /** `superset` says why the repository directory holds more than the artifact does (filters, excludes, partial copies). */
  | {repoDir: string; superset?: string}
  | {unsupported: string}

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v)

const GLOB = /[*?[{]/

/** Repository-relative path without ./, leading or trailing slashes; undefined when it escapes with `..`. */
function norm(p: string): string | undefined {
  const out: string[] = []
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') {
      if (!out.length) return undefined
      out.pop()
    } else out.push(seg)
  }
  return out.join('/')
}

const join = (a: string, b: string): string => [a, b].filter(Boolean).join('/')
const isUnder = (p: string, dir: string): boolean => dir === '' || p === dir || p.startsWith(`${dir}/`)
const basename = (p: string): string => p.slice(p.lastIndexOf('/') + 1)
const show = (p: string): string => (p ? `${p}/` : 'the root')

interface CopyOp {
  index: number
  from: string
  source: {kind: string; name: string; namespace: string} | undefined
  alias: string
  /** Where the copied files land in the artifact (a directory, or a file for mode 'file'). */
  target: string
  /** The repository path they come from (directory, or file for mode 'file'). */
  origin: string
  mode: 'tree' | 'filtered' | 'file'
  filter?: string
  exclude: string[]
  strategy: string
  error?: string
}

function parseOp(raw: Obj, index: number, sources: Map<string, CopyOp['source']>, dirExists: (rel: string) => boolean): CopyOp {
  const from = typeof raw.from === 'string' ? raw.from : ''
  const to = typeof raw.to === 'string' ? raw.to : ''
  const exclude = Array.isArray(raw.exclude) ? raw.exclude.map(String) : []
  const strategy = typeof raw.strategy === 'string' && raw.strategy ? raw.strategy : 'Overwrite'
  const base: CopyOp = {index, from, source: undefined, alias: '', target: '', origin: '', mode: 'tree', exclude, strategy}
  const m = /^@([A-Za-z0-9_-]+)(\/.*)?$/.exec(from)
  if (!m) return {...base, error: `from "${from}" is not @alias/path`}
  const alias = m[1]!
  const fromPath = m[2] ?? '/'
  if (!/^@artifact(\/|$)/.test(to)) return {...base, alias, error: `to "${to}" does not start with @artifact/`}
  const destRaw = to.slice('@artifact'.length)
  const destIsDir = destRaw === '' || destRaw.endsWith('/')
  const dest = norm(destRaw)
  if (dest === undefined) return {...base, alias, error: `to "${to}" leaves the artifact`}
  const segs = fromPath.split('/').filter((s) => s !== '' && s !== '.')
  const firstGlob = segs.findIndex((s) => GLOB.test(s))
  const staticSegs = firstGlob < 0 ? segs : segs.slice(0, firstGlob)
  const rest = firstGlob < 0 ? [] : segs.slice(firstGlob)
  const origin = norm(staticSegs.join('/'))
  if (origin === undefined) return {...base, alias, error: `from "${from}" leaves the source`}
  const op = {...base, alias, source: sources.get(alias), origin}
  if (!op.source) return {...op, error: `from "${from}" names the alias @${alias}, which spec.sources does not define`}
  if (rest.length === 0) {
    const isDir = fromPath.endsWith('/') || dirExists(origin)
    if (!isDir) return {...op, mode: 'file', target: destIsDir ? join(dest, basename(origin)) : dest}
    if (!destIsDir) return {...op, error: `copies the directory "${from}" to "${to}", which does not end with /`}
    // `@src/dir/` lands as dest/dir/; the source root itself lands in dest.
    return {...op, mode: 'tree', target: origin ? join(dest, basename(origin)) : dest}
  }
  if (!destIsDir) return {...op, error: `copies the files of "${from}" to "${to}", which does not end with /`}
  if (rest.length === 1 && rest[0] === '**') return {...op, mode: 'tree', target: dest}
  if (rest.length === 1 || (rest.length === 2 && rest[0] === '**' && !rest[1]!.includes('**'))) {
    return {...op, mode: 'filtered', target: dest, filter: rest.join('/')}
  }
  return {...op, error: `the glob "${from}" places files in a layout kubectl-mesh does not map back to a directory`}
}

/**
 * The repository directory whose content is what a Kustomization with sourceRef ExternalArtifact `artifact`
 * and spec.path `path` builds, when the artifact's copy rules make that path a copy of one directory of this
 * repository; otherwise why not. `dirExists` tells a directory from a file in a `from` without glob or trailing /
 * (by default: a last segment with an extension is a file).
 */
export function mapArtifactPath(
  generators: RenderedObject[],
  artifact: {name: string; namespace: string},
  path: string,
  isThisRepoSource: (kind: string, namespace: string, name: string) => boolean,
  dirExists: (rel: string) => boolean = (rel) => !/\.[A-Za-z0-9]+$/.test(basename(rel)),
): ArtifactPathMapping {
  const label = `ExternalArtifact ${artifact.namespace}/${artifact.name}`
  const want = norm(path)
  if (want === undefined) return {unsupported: `spec.path "${path}" leaves the root of ${label}`}
  const found: {gen: RenderedObject; art: Obj}[] = []
  for (const gen of generators) {
    if (gen.object.kind !== 'ArtifactGenerator' || !String(gen.object.apiVersion ?? '').startsWith('source.extensions.fluxcd.io/')) continue
    if ((gen.object.metadata?.namespace || 'default') !== artifact.namespace) continue
    const spec = isObj(gen.object.spec) ? gen.object.spec : {}
    for (const art of Array.isArray(spec.artifacts) ? spec.artifacts : []) if (isObj(art) && art.name === artifact.name) found.push({gen, art})
  }
  if (!found.length) return {unsupported: `no ArtifactGenerator of this cluster generates ${label}`}
  if (found.length > 1) {
    return {unsupported: `${label} is generated by ${found.length} ArtifactGenerators (${found.map((f) => f.gen.object.metadata?.name).join(', ')}); its content depends on which ran last`}
  }
  const {gen, art} = found[0]!
  const genNs = gen.object.metadata?.namespace || 'default'
  const spec = gen.object.spec as Obj
  const sources = new Map<string, CopyOp['source']>()
  for (const s of Array.isArray(spec.sources) ? spec.sources : []) {
    if (isObj(s) && typeof s.alias === 'string') {
      sources.set(s.alias, {kind: String(s.kind ?? ''), name: String(s.name ?? ''), namespace: typeof s.namespace === 'string' && s.namespace ? s.namespace : genNs})
    }
  }
  const ops = (Array.isArray(art.copy) ? art.copy : []).filter(isObj).map((raw, i) => parseOp(raw, i, sources, dirExists))
  const where = `ArtifactGenerator ${genNs}/${gen.object.metadata?.name ?? ''} artifact ${artifact.name}`

  // The copies that put files under the built path (or whose tree contains it).
  const relevant = ops.filter((op) => op.error || (op.mode === 'file' ? isUnder(op.target, want) : isUnder(op.target, want) || isUnder(want, op.target)))
  const broken = relevant.find((op) => op.error)
  if (broken) return {unsupported: `${where} copy[${broken.index}] ${broken.error}`}
  if (!relevant.length) return {unsupported: `${where} copies nothing to ${show(want)} of the artifact (spec.path "${path}")`}

  let repoDir: string | undefined
  const notes: string[] = []
  let covered = false
  // Content from elsewhere first: it rules the path out whatever its layout.
  for (const op of relevant) {
    const src = op.source!
    if (!isThisRepoSource(src.kind, src.namespace, src.name)) {
      return {unsupported: `${where} copy[${op.index}] puts ${op.from} into ${show(want)} from ${src.kind} ${src.namespace}/${src.name}, which is not this repository`}
    }
    if (op.strategy !== 'Overwrite') return {unsupported: `${where} copy[${op.index}] uses strategy ${op.strategy}: the files under ${show(want)} are not copies of repository files`}
  }
  for (const op of relevant) {
    let dir: string
    if (op.mode !== 'file' && isUnder(want, op.target)) {
      // The built path lies inside the copied tree.
      dir = join(op.origin, want.slice(op.target.length).replace(/^\//, ''))
      if (op.mode === 'tree' && !op.exclude.length) covered = true
    } else {
      // The copy lands below the built path: the repository must have the same layout above it.
      const rel = op.target.slice(want.length).replace(/^\//, '')
      if (op.origin !== rel && !op.origin.endsWith(`/${rel}`)) {
        return {unsupported: `${where} copy[${op.index}] puts ${op.from} at ${op.target || 'the root'} of the artifact: ${show(want)} is not laid out like a directory of this repository`}
      }
      dir = op.origin.slice(0, op.origin.length - rel.length).replace(/\/$/, '')
      notes.push(`${op.mode === 'file' ? op.target : show(op.target)} (copy[${op.index}])`)
    }
    if (op.mode === 'filtered') notes.push(`only files matching ${op.filter} of ${show(op.origin)} (copy[${op.index}])`)
    if (op.exclude.length) notes.push(`${show(op.origin)} without ${op.exclude.join(', ')} (copy[${op.index}])`)
    if (repoDir !== undefined && repoDir !== dir) {
      return {unsupported: `${where} merges ${show(repoDir)} and ${show(dir)} of the repository into ${show(want)} of the artifact`}
    }
    repoDir = dir
  }
  if (covered) {
    // A full copy of the directory; later filtered copies of the same files change nothing.
    const extra = notes.filter((n) => n.includes(' without '))
    return extra.length ? {repoDir: repoDir!, superset: `the artifact holds ${extra.join('; ')}`} : {repoDir: repoDir!}
  }
  return {repoDir: repoDir!, superset: `the artifact holds only ${[...new Set(notes)].join('; ')} of ${show(repoDir!)}`}
}
