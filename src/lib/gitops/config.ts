// .kubectl-mesh.yaml at the repository root: clusters declared by hand and suppressions with a reason.
// Read through the repository's safe reader (no symlink out of the root). A file that cannot be read or parsed
// at all is a usage error (exit 2) naming file:line:column. Otherwise the file is validated against
// CONFIG_SCHEMA: an unknown key or a wrong type is CM001 at the key's file:line:column (naming the valid keys),
// a missing or escaping path is CM002, and only the entry at fault is dropped; the rest is still checked.
// suppress: entries keep their usage errors for a missing reason or an unknown check (a wrong suppression must
// not silently hide or show findings).
import {Ajv, type ErrorObject, type ValidateFunction} from 'ajv'
import {isMap} from 'yaml'
import {getCheck} from '../checks/registry.js'
import {UsageError} from '../cli/errors.js'
import {parseCidr} from '../mesh/cidr.js'
import type {SuppressRule} from '../report/suppress.js'
import {CONFIG_SCHEMA} from './config-schema.js'
import {readValuesFiles} from './config-values.js'
import {docPos} from './provenance.js'
import {findNode, keyString, posAt} from './repo/locate.js'
import {isUnder, normaliseRel} from './repo/paths.js'
import type {Repo} from './repo/repo.js'
import type {YamlDoc} from './repo/yaml-file.js'
import type {DeclaredClusterConfig, JsonPath, SourcePos} from './types.js'

export const CONFIG_FILE = '.kubectl-mesh.yaml'

export class MeshConfigError extends UsageError {
  constructor(readonly pos: SourcePos, detail: string) {
    super(`${pos.file}:${pos.line}:${pos.column}: ${detail}`)
  }
}

interface LoadedConfig {
  value: Record<string, unknown>
  at(path: JsonPath): SourcePos
  /** Entries (clusters / suppress) dropped because the schema refused them, by their JsonPath key. */
  dropped: Set<string>
}

let validator: ValidateFunction | undefined
function validate(value: unknown): ErrorObject[] {
  validator ??= new Ajv({allErrors: true, strict: true, allowUnionTypes: true, verbose: true}).compile(CONFIG_SCHEMA)
  return validator(value) ? [] : [...(validator.errors ?? [])]
}

const loaded = new WeakMap<Repo, LoadedConfig | undefined>()

/** The parsed and validated file with a position finder; undefined when the file is absent or empty. */
function loadConfig(repo: Repo): LoadedConfig | undefined {
  if (loaded.has(repo)) return loaded.get(repo)
  const config = loadUncached(repo)
  loaded.set(repo, config)
  return config
}

function loadUncached(repo: Repo): LoadedConfig | undefined {
  const r = repo.fs.resolve(CONFIG_FILE)
  if (!r.ok && r.problem === 'missing') return undefined
  const start = {file: CONFIG_FILE, line: 1, column: 1}
  const file = repo.load(CONFIG_FILE)
  if (!file.ok) throw new MeshConfigError(start, `cannot read the configuration: ${file.detail}`)
  if (file.file.error) throw new MeshConfigError(file.file.error.pos, `invalid YAML: ${file.file.error.message}`)
  const doc = file.file.docs[0]
  const value = doc?.value
  if (value === null || value === undefined) return undefined
  const at = (p: JsonPath) => (doc ? docPos({doc, prefix: []}, p) : undefined) ?? doc?.start ?? start
  if (typeof value !== 'object' || Array.isArray(value)) throw new MeshConfigError(at([]), 'the configuration must be a mapping')
  const dropped = new Set<string>()
  for (const error of validate(value)) {
    const problem = describe(error, doc!, at)
    if (!problem) continue
    repo.sink.add({id: 'CM001', message: `${CONFIG_FILE}: ${problem.message}`, at: problem.at, hint: 'see kubectl mesh config schema (docs/configuration.md) for the keys and types of .kubectl-mesh.yaml'})
    if (problem.entry) dropped.add(JSON.stringify(problem.entry))
  }
  return {value: value as Record<string, unknown>, at, dropped}
}

const pointer = (instancePath: string): JsonPath =>
  instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s))

/** clusters[0].podCIDRs[1] */
const where = (path: JsonPath) => path.map((k, i) => (typeof k === 'number' ? `[${k}]` : i === 0 ? k : `.${k}`)).join('') || 'the top level'

/** Position of a mapping key itself (for an unknown key), else the value's. */
function keyPos(doc: YamlDoc, parent: JsonPath, key: string, at: (p: JsonPath) => SourcePos): SourcePos {
  const hit = findNode(doc, parent)
  if (hit && hit.depth === parent.length && isMap(hit.node)) {
    const pair = hit.node.items.find((p) => keyString(p.key) === key)
    const range = (pair?.key as {range?: [number, number, number]} | undefined)?.range
    if (range) return posAt(doc, range[0])
  }
  return at([...parent, key])
}

const FRIENDLY: Record<string, string> = {
  name: 'must be a lower-case DNS label (a-z, 0-9 and -, at most 63 characters)',
  ciliumNamespace: 'must be a lower-case DNS label (a-z, 0-9 and -, at most 63 characters)',
  podCIDRs: 'is not a CIDR (10.244.0.0/16, fd00:10:244::/56)',
  serviceCIDRs: 'is not a CIDR (10.96.0.0/12, fd00:10:96::/112)',
  nodeCIDRs: 'is not a CIDR (192.168.0.0/24)',
  ciliumVersion: 'is not a chart version (1.18.4)',
  clusterMeshAddress: 'must be a host name or an IP address (no scheme, no port)',
}

/** One ajv error as a message at a position, plus the entry (clusters[i] / suppress[i]) it invalidates. */
function describe(error: ErrorObject, doc: YamlDoc, at: (p: JsonPath) => SourcePos): {message: string; at: SourcePos; entry?: JsonPath} | undefined {
  const path = pointer(error.instancePath)
  const entry = (p: JsonPath) => (p.length >= 2 && (p[0] === 'clusters' || p[0] === 'suppress') && typeof p[1] === 'number' ? p.slice(0, 2) : p.length === 1 ? p : undefined)
  const field = [...path].reverse().find((k) => typeof k === 'string')
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String((error.params as {additionalProperty: string}).additionalProperty)
      const valid = Object.keys((error.parentSchema as {properties?: object}).properties ?? {})
      const full = [...path, key]
      const e = entry(full)
      return {
        message: `unknown key ${JSON.stringify(key)} in ${where(path)}; valid keys: ${valid.join(', ')}`,
        at: keyPos(doc, path, key, at),
        // An unknown top-level key is reported and ignored; an unknown key inside an entry drops the entry.
        ...(e && e.length === 2 ? {entry: e} : {}),
      }
    }
    case 'required': {
      const missing = String((error.params as {missingProperty: string}).missingProperty)
      // suppress entries say themselves what is missing (a usage error, as before).
      if (path[0] === 'suppress') return undefined
      return {message: `${where(path)} needs ${missing}`, at: at(path), ...withEntry(entry(path))}
    }
    case 'type': {
      if (path[0] === 'suppress') return undefined
      const types = ([] as string[]).concat((error.params as {type: string | string[]}).type)
      const as = types.map((t) => (t === 'array' ? 'a list' : t === 'object' ? 'a mapping' : `a ${t}`)).join(' or ')
      return {message: `${where(path)} must be ${as}, not ${kindOf(error.data)}`, at: at(path), ...withEntry(entry(path))}
    }
    case 'pattern':
    case 'minLength':
    case 'maxLength':
    case 'minItems': {
      if (path[0] === 'suppress') return undefined
      const why = (field && FRIENDLY[field]) ?? error.message ?? 'is not valid'
      const shown = typeof error.data === 'string' ? ` ${JSON.stringify(error.data)}` : ''
      return {message: `${where(path)}${shown} ${error.keyword === 'minItems' ? 'must not be empty' : why}`, at: at(path), ...withEntry(entry(path))}
    }
    default:
      return {message: `${where(path)} ${error.message ?? 'is not valid'}`, at: at(path), ...withEntry(entry(path))}
  }
}

const withEntry = (e: JsonPath | undefined) => (e ? {entry: e} : {})
const kindOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a mapping' : `a ${typeof v}`)

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : v === undefined ? [] : [v])

/**
 * The declared clusters; undefined when the file or its `clusters` key is absent (or `clusters` is not a list,
 * which is CM001). Entries the schema refuses, duplicates, bad CIDRs and paths that are missing or leave the
 * repository are reported (CM001 / CM002) and left out.
 */
export function readDeclaredClusters(repo: Repo): DeclaredClusterConfig[] | undefined {
  const config = loadConfig(repo)
  if (!config) return undefined
  const {value, at, dropped} = config
  const clusters = value.clusters
  if (clusters === undefined || !Array.isArray(clusters)) return undefined
  const seen = new Map<string, SourcePos>()
  const out: DeclaredClusterConfig[] = []
  const cm = (message: string, pos: SourcePos, id: 'CM001' | 'CM002' = 'CM001') => repo.sink.add({id, message: `${CONFIG_FILE}: ${message}`, at: pos})
  clusters.forEach((raw, i) => {
    if (dropped.has(JSON.stringify(['clusters', i]))) return
    const c = raw as Record<string, unknown>
    const p = (...rest: JsonPath) => ['clusters', i, ...rest] as JsonPath
    const name = c.name as string
    const first = seen.get(name)
    if (first) return cm(`cluster ${name} is declared twice (first at line ${first.line}); the second entry is ignored`, at(p('name')))
    seen.set(name, at(p()))
    const decl: DeclaredClusterConfig = {name, pos: at(p())}
    if (c.path !== undefined) {
      const path = checkPath(repo, String(c.path), at(p('path')), 'dir', cm)
      if (path === undefined) return
      decl.path = path
    }
    for (const key of ['podCIDRs', 'serviceCIDRs', 'nodeCIDRs'] as const) {
      if (c[key] === undefined) continue
      const values = list(c[key]).map(String)
      const bad = values.findIndex((v) => !parseCidr(v))
      if (bad >= 0) return cm(`${where(p(key))}: ${JSON.stringify(values[bad])} ${FRIENDLY[key]}`, at(Array.isArray(c[key]) ? p(key, bad) : p(key)))
      decl[key] = {value: values.map((v) => v.trim()), source: at(p(key))}
    }
    for (const key of ['clusterMeshAddress', 'context', 'ciliumVersion', 'ciliumNamespace'] as const) {
      if (c[key] !== undefined) decl[key] = {value: String(c[key]), source: at(p(key))}
    }
    if (c.ciliumValues !== undefined) {
      const files: string[] = []
      const positions: SourcePos[] = []
      list(c.ciliumValues).forEach((f, j) => {
        const pos = at(Array.isArray(c.ciliumValues) ? p('ciliumValues', j) : p('ciliumValues'))
        const file = checkPath(repo, String(f), pos, 'file', cm)
        // A missing values file keeps the cluster: its values become unknown, never guessed.
        files.push(file ?? String(f))
        positions.push(pos)
      })
      decl.ciliumValues = files
      decl.ciliumHelmValues = readValuesFiles(repo, files, positions)
    }
    out.push(decl)
  })
  return out
}

/** A repository-relative path that must exist (a directory or a file); undefined (after CM002) when not. */
function checkPath(repo: Repo, raw: string, pos: SourcePos, kind: 'dir' | 'file', report: (m: string, p: SourcePos, id: 'CM002') => void): string | undefined {
  const path = normaliseRel(raw.trim().replace(/^\.\//, ''))
  if (path === undefined || !isUnder(path, '')) return void report(`path ${JSON.stringify(raw)} is outside the repository`, pos, 'CM002')
  const target = repo.fs.resolve(path)
  if (!target.ok) return void report(`${kind === 'dir' ? 'path' : 'values file'} ${JSON.stringify(raw)}: ${target.detail}`, pos, 'CM002')
  if (target.kind !== kind) {
    return void report(kind === 'dir' ? `path ${JSON.stringify(raw)} is a file; give the cluster's directory` : `values file ${JSON.stringify(raw)} is a directory`, pos, 'CM002')
  }
  return path
}

/** The `suppress:` list: [{id, reason, cluster?, peer?, file?}]; empty when absent. */
export function readSuppressions(repo: Repo): SuppressRule[] {
  const config = loadConfig(repo)
  const list = config?.value.suppress
  if (!config || list === undefined) return []
  const {at, dropped} = config
  if (!Array.isArray(list)) throw new MeshConfigError(at(['suppress']), 'suppress must be a list of {id, reason, cluster?, peer?, file?}')
  return list.flatMap((raw, i) => {
    if (dropped.has(JSON.stringify(['suppress', i]))) return []
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
    return [{id: check.id, reason, ...(cluster ? {cluster} : {}), ...(peer ? {peer} : {}), ...(file ? {file} : {})}]
  })
}
