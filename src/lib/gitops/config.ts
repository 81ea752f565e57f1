// The `clusters:` part of .kubectl-mesh.yaml at the repository root: clusters declared by hand.
// A bad declaration is a usage error (exit 2) that names file:line:column.
import {UsageError} from '../cli/errors.js'
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

/** Reads the declared clusters; undefined when the file or its `clusters` key is absent. */
export function readDeclaredClusters(repo: Repo): DeclaredCluster[] | undefined {
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
  const clusters = (value as Record<string, unknown>).clusters
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
