// renderRepository: every cluster of a Flux repository rendered as Flux would, with positions and findings.
import {UsageError} from '../cli/errors.js'
import {readDeclaredClusters, readSuppressions} from './config.js'
import {discoverArgoClusters} from './argocd/discover.js'
import {type ApplyContext} from './flux/apply.js'
import {type ClusterEntry, renderCluster} from './flux/cluster.js'
import {nameFromVariables, uniqueNames} from './flux/cluster-names.js'
import {discoverEntries, WHAT_WE_LOOK_FOR} from './flux/discover.js'
import {TreeIndex} from './flux/tree-index.js'
import {defaultBranch, syncRefFinding} from './flux/sync-ref.js'
import {Kustomizer} from './kustomize/build.js'
import {KUSTOMIZATION_FILE_NAMES} from './kustomize/kustomization-file.js'
import {basenameRel, dirnameRel} from './repo/paths.js'
import {Repo} from './repo/repo.js'
import type {DeclaredClusterConfig, RenderedCluster, RenderedRepository, SourcePos} from './types.js'

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
  const index = new TreeIndex(repo)
  const declared = readDeclaredClusters(repo)
  const entries = clusterEntries(repo, index, declared)
  const ctx: ApplyContext = {repo, kustomizer: new Kustomizer(repo), cache: new Map(), charAt: charReader(repo), index}
  let clusters: RenderedCluster[] = []
  const included = new Set<string>()
  const buildDirs = new Set<string>()
  const labels: string[] = []
  const branch = defaultBranch(repo)
  for (const entry of entries) {
    if (entry.found.foundBy === 'declared' && !entry.pathGiven) {
      // A declared cluster no GitOps engine renders (helmfile, Talos …): its facts come from the declaration.
      clusters.push({name: entry.name, entry: '', found: entry.found, objects: [], kustomizations: [], variables: new Map()})
      labels.push(entry.name)
      continue
    }
    const r = renderCluster(ctx, repo.sink, entry)
    const refFinding = entry.ref && syncRefFinding(entry.name, entry.ref, branch)
    if (refFinding) repo.sink.add(refFinding, entry.name)
    if (!entry.fixedName) nameByVariables(r.clusters[0]!)
    clusters.push(...r.clusters)
    labels.push(...r.labels)
    r.files.forEach((f) => included.add(f))
    r.dirs.forEach((d) => buildDirs.add(d))
  }
  // Argo CD: the destinations of the Applications and ApplicationSets of the tree (src/lib/gitops/argocd).
  const argo = declared?.length ? undefined : discoverArgoClusters(ctx)
  if (argo) {
    clusters.push(...argo.clusters)
    labels.push(...argo.labels)
    argo.files.forEach((f) => included.add(f))
    argo.dirs.forEach((d) => buildDirs.add(d))
  }
  if (clusters.length === 0) {
    repo.sink.add({id: 'CM004', message: `no cluster entry point found: looked for ${WHAT_WE_LOOK_FOR}; or declare clusters in .kubectl-mesh.yaml as clusters: [{name: <name>, path: <entry directory>}] (path may be left out, with ciliumValues: [<values files>], for clusters no GitOps engine renders)`})
  }
  uniqueNames(clusters)
  relabel(repo, labels, clusters)
  clusters = selectClusters(clusters, options.clusters)
  const all = repo.yamlFiles()
  if (options.standalone !== false) buildUnused(ctx, all, buildDirs)
  // Every YAML file is parsed once so that broken ones are reported even when no build includes them.
  for (const file of all) repo.load(file)
  return {
    root: repo.fs.rootReal, clusters, findings: repo.sink.list, files: {all, included, buildDirs}, suppress: readSuppressions(repo),
    ...(declared ? {declared} : {}),
  }
}

interface Entry extends ClusterEntry {
  /** Declared with its name: never renamed. */
  fixedName?: boolean
  /** A declared cluster with a path (rendered) or without (facts only). */
  pathGiven?: boolean
}

/** Declared clusters replace discovery when the file lists any; a declared path that discovery found keeps its root. */
function clusterEntries(repo: Repo, index: TreeIndex, declared: DeclaredClusterConfig[] | undefined): Entry[] {
  const discovered = discoverEntries(repo, index)
  if (!declared?.length) return discovered
  return declared.map((d) => {
    const found = d.path === undefined ? undefined : discovered.find((e) => e.entry === d.path)
    return {
      ...(found ?? {}),
      name: d.name,
      entry: d.path ?? '',
      found: {path: d.path ?? '', foundBy: 'declared' as const, at: d.pos},
      fixedName: true,
      pathGiven: d.path !== undefined,
    }
  })
}

/** The name people use: a cluster-name variable of the entry (CLUSTER_NAME …) over the directory's name. */
function nameByVariables(c: RenderedCluster): void {
  const hit = nameFromVariables(c.variables)
  if (hit) c.name = hit.name
}

/** The renderer's findings name clusters by their final names. */
function relabel(repo: Repo, labels: string[], clusters: RenderedCluster[]): void {
  const names = new Map(labels.map((l, i) => [l, clusters[i]!.name]))
  for (const f of repo.sink.list) if (f.cluster !== undefined && names.has(f.cluster)) f.cluster = names.get(f.cluster)!
}

function selectClusters(clusters: RenderedCluster[], only: string[] | undefined): RenderedCluster[] {
  if (!only?.length) return clusters
  const unknown = only.filter((n) => !clusters.some((c) => c.name === n))
  if (unknown.length) {
    throw new UsageError(`unknown cluster ${unknown.join(', ')}; the repository has ${clusters.map((c) => c.name).join(', ') || 'no clusters'}`)
  }
  return clusters.filter((c) => only.includes(c.name))
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
