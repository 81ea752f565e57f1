// .kubectl-mesh.yaml at the repository root: clusters declared by hand and suppressions with a reason.
// Read through the repository's safe reader (no symlink out of the root); a bad entry is a usage error (exit 2)
// that names file:line:column.
import {getCheck} from '../checks/registry.js'
import {UsageError} from '../cli/errors.js'
import type {SuppressRule} from '../report/suppress.js'
import {docPos} from './provenance.js'
import {isUnder, normaliseRel} from './repo/paths.js'
import type {Repo} from './repo/repo.js'
import type {JsonPath, SourcePos} from './types.js'

export const CONFIG_FILE = '.kubectl-mesh.yaml'

export class MeshConfigError extends UsageError {
  constructor(readonly pos: SourcePos, detail: string) {
    super(`${pos.file}:${pos.line}:${pos.column}: ${detail}`)
  }
}

export interface DeclaredCluster {
  name: string
  path: string
  pos: SourcePos
}

const NAME = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/

interface LoadedConfig {
  value: Record<string, unknown>
  at(path: JsonPath): SourcePos
}

/** The parsed file with a position finder; undefined when the file is absent or empty. */
function loadConfig(repo: Repo): LoadedConfig | undefined {
  const r = repo.fs.resolve(CONFIG_FILE)
  if (!r.ok && r.problem === 'missing') return undefined
  const start = {file: CONFIG_FILE, line: 1, column: 1}
  const loaded = repo.load(CONFIG_FILE)
  if (!loaded.ok) throw new MeshConfigError(start, `cannot read the configuration: ${loaded.detail}`)
  if (loaded.file.error) throw new MeshConfigError(loaded.file.error.pos, `invalid YAML: ${loaded.file.error.message}`)
  const doc = loaded.file.docs[0]
  const value = doc?.value
  if (value === null || value === undefined) return undefined
  const at = (p: JsonPath) => (doc ? docPos({doc, prefix: []}, p) : undefined) ?? doc?.start ?? start
  if (typeof value !== 'object' || Array.isArray(value)) throw new MeshConfigError(at([]), 'the configuration must be a mapping')
  return {value: value as Record<string, unknown>, at}
}

/** Reads the declared clusters; undefined when the file or its `clusters` key is absent. */
export function readDeclaredClusters(repo: Repo): DeclaredCluster[] | undefined {
  const config = loadConfig(repo)
  if (!config) return undefined
  const {value, at} = config
  const clusters = value.clusters
  if (clusters === undefined) return undefined
  if (!Array.isArray(clusters)) throw new MeshConfigError(at(['clusters']), 'clusters must be a list of {name, path}')
  const seen = new Map<string, SourcePos>()
  return clusters.map((raw, i) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new MeshConfigError(at(['clusters', i]), 'each cluster must be a mapping with name and path')
    const c = raw as Record<string, unknown>
    if (typeof c.name !== 'string' || !NAME.test(c.name)) {
      throw new MeshConfigError(at(['clusters', i, 'name']), `cluster name ${JSON.stringify(c.name)} must be a lower-case DNS label`)
    }
    if (seen.has(c.name)) throw new MeshConfigError(at(['clusters', i, 'name']), `cluster ${c.name} is declared twice (first at line ${seen.get(c.name)!.line})`)
    seen.set(c.name, at(['clusters', i]))
    if (typeof c.path !== 'string' || c.path.trim() === '') throw new MeshConfigError(at(['clusters', i, 'path']), `cluster ${c.name} needs a path (its Flux entry directory)`)
    const path = normaliseRel(c.path.replace(/^\.\//, ''))
    if (path === undefined || !isUnder(path, '')) throw new MeshConfigError(at(['clusters', i, 'path']), `path ${JSON.stringify(c.path)} is outside the repository`)
    const target = repo.fs.resolve(path)
    if (!target.ok) throw new MeshConfigError(at(['clusters', i, 'path']), `path ${JSON.stringify(c.path)}: ${target.detail}`)
    if (target.kind !== 'dir') throw new MeshConfigError(at(['clusters', i, 'path']), `path ${JSON.stringify(c.path)} is a file; give the cluster's directory`)
    return {name: c.name, path, pos: at(['clusters', i])}
  })
}

/** The `suppress:` list: [{id, reason, cluster?, peer?, file?}]; empty when absent. */
export function readSuppressions(repo: Repo): SuppressRule[] {
  const config = loadConfig(repo)
  const list = config?.value.suppress
  if (!config || list === undefined) return []
  const {at} = config
  if (!Array.isArray(list)) throw new MeshConfigError(at(['suppress']), 'suppress must be a list of {id, reason, cluster?, peer?, file?}')
  return list.map((raw, i) => {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new MeshConfigError(at(['suppress', i]), 'each suppress entry must be a mapping with id and reason')
    const entry = raw as Record<string, unknown>
    const text = (key: string) => {
      const v = entry[key]
      if (v !== undefined && typeof v !== 'string' && typeof v !== 'number') throw new MeshConfigError(at(['suppress', i, key]), `${key} must be a string`)
      return v === undefined ? undefined : String(v)
    }
    const id = text('id')
    const check = id ? getCheck(id) : undefined
    if (!check) throw new MeshConfigError(at(['suppress', i, 'id']), `suppress: unknown check ${JSON.stringify(id ?? '')} (kubectl mesh checks lists them all)`)
    const reason = text('reason')
    if (!reason?.trim()) throw new MeshConfigError(at(['suppress', i]), `suppress ${check.id}: give a reason (why this finding is accepted)`)
    const cluster = text('cluster')
    const peer = text('peer')
    const file = text('file')
    return {id: check.id, reason, ...(cluster ? {cluster} : {}), ...(peer ? {peer} : {}), ...(file ? {file} : {})}
  })
}
