// renderRepository: every cluster of a Flux repository rendered as Flux would, with positions and findings.
import {UsageError} from '../cli/errors.js'
import {readDeclaredClusters, readSuppressions} from './config.js'
import {type ApplyContext} from './flux/apply.js'
import {type ClusterEntry, renderCluster} from './flux/cluster.js'
import {discoverEntries, WHAT_WE_LOOK_FOR} from './flux/discover.js'
import {Kustomizer} from './kustomize/build.js'
import {KUSTOMIZATION_FILE_NAMES} from './kustomize/kustomization-file.js'
import {basenameRel, dirnameRel} from './repo/paths.js'
import {Repo} from './repo/repo.js'
import type {RenderedCluster, RenderedRepository, SourcePos} from './types.js'

export interface RenderOptions {
  /** Only these clusters (by name); unknown names are a usage error. */
  clusters?: string[]
  /** Largest YAML file read, in bytes (default 5 MiB). */
  maxFileBytes?: number
  /** Also build kustomization directories no cluster uses, to report their errors (default true). */
  standalone?: boolean
}

export async function renderRepository(root: string, options: RenderOptions = {}): Promise<RenderedRepository> {
  let repo: Repo
  try {
    repo = new Repo(root, options.maxFileBytes === undefined ? {} : {maxFileBytes: options.maxFileBytes})
  } catch (error) {
    throw new UsageError(`cannot read repository ${root}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`)
  }
  const top = repo.fs.resolve('')
  if (!top.ok || top.kind !== 'dir') throw new UsageError(`${root} is not a directory`)
  const entries = selectEntries(repo, options.clusters)
  const ctx: ApplyContext = {repo, kustomizer: new Kustomizer(repo), cache: new Map(), charAt: charReader(repo)}
  const clusters: RenderedCluster[] = []
  const included = new Set<string>()
  const buildDirs = new Set<string>()
  for (const entry of entries) {
    const r = renderCluster(ctx, repo.sink, entry)
    clusters.push(r.cluster)
    r.files.forEach((f) => included.add(f))
    r.dirs.forEach((d) => buildDirs.add(d))
  }
  if (entries.length === 0) {
    repo.sink.add({id: 'CM004', message: `no cluster entry point found: looked for ${WHAT_WE_LOOK_FOR}; or declare clusters in .kubectl-mesh.yaml as clusters: [{name: <name>, path: <entry directory>}]`})
  }
  const all = repo.yamlFiles()
  if (options.standalone !== false) buildUnused(ctx, all, buildDirs)
  // Every YAML file is parsed once so that broken ones are reported even when no build includes them.
  for (const file of all) repo.load(file)
  return {root: repo.fs.rootReal, clusters, findings: repo.sink.list, files: {all, included, buildDirs}, suppress: readSuppressions(repo)}
}

function selectEntries(repo: Repo, only: string[] | undefined): ClusterEntry[] {
  const declared = readDeclaredClusters(repo)
  const discovered = discoverEntries(repo)
  const entries = declared
    ? declared.map((d) => {
        const found = discovered.find((e) => e.entry === d.path)
        return {name: d.name, entry: d.path, ...(found?.root ? {root: found.root} : {})}
      })
    : discovered
  if (!only?.length) return entries
  const unknown = only.filter((n) => !entries.some((e) => e.name === n))
  if (unknown.length) {
    throw new UsageError(`unknown cluster ${unknown.join(', ')}; the repository has ${entries.map((e) => e.name).join(', ') || 'no clusters'}`)
  }
  return entries.filter((e) => only.includes(e.name))
}

/** Kustomization directories that no cluster builds are built on their own, for their errors (CM002/CM003). */
function buildUnused(ctx: ApplyContext, files: string[], used: Set<string>): void {
  const dirs = files.filter((f) => (KUSTOMIZATION_FILE_NAMES as readonly string[]).includes(basenameRel(f))).map(dirnameRel)
  for (const dir of [...new Set(dirs)].sort()) {
    if (used.has(dir)) continue
    for (const p of ctx.kustomizer.build(dir).env.problems) ctx.repo.sink.add(p)
  }
}

/** The character at a 1-based position of a repository file (for placing `${` inside scalars). */
function charReader(repo: Repo): (pos: SourcePos) => string | undefined {
  const lines = new Map<string, string[]>()
  return (pos) => {
    let ls = lines.get(pos.file)
    if (!ls) {
      const t = repo.fs.readText(pos.file)
      ls = t.ok ? t.text.split('\n') : []
      lines.set(pos.file, ls)
    }
    return ls[pos.line - 1]?.[pos.column - 1]
  }
}
