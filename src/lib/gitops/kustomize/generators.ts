// configMapGenerator / secretGenerator (kustomize api/internal/generators and kv): literals, files, env files,
// generatorOptions, and behaviors create/merge/replace.
import {posix} from 'node:path'
import {Provenance} from '../provenance.js'
import type {SourcePos} from '../types.js'
import {type BuildEnv, buildError, readReferenced} from './build-env.js'
import {asArray, asStringMap, type Kustomization} from './kustomization-file.js'
import {currentId, type KResource, matchesAnyId} from './resource.js'
import {idOf, type KObj} from './resid.js'

interface Options {
  labels: Record<string, string>
  annotations: Record<string, string>
  disableNameSuffixHash: boolean
  immutable: boolean
}

interface Pair {
  key: string
  value: string
  at: SourcePos
}

interface Pairs {
  pairs: Pair[]
  /** Files that are SOPS-encrypted (dotenv with sops_* metadata lines, or a YAML/JSON file with ENC[...] values). */
  encrypted: string[]
}

/** The metadata keys `sops` writes into an encrypted dotenv file (sops_version, sops_mac …). */
const SOPS_ENV_KEY = /^sops_/
/** A value SOPS encrypted: `ENC[AES256_GCM,data:...]`. */
const SOPS_CIPHERTEXT = /ENC\[[A-Z0-9_]+,data:/
/** A SOPS-encrypted YAML or JSON file: ciphertext values and the `sops` metadata (mac) block. */
const isSopsFileText = (text: string) => SOPS_CIPHERTEXT.test(text) && /(^|\n)\s*"?sops"?\s*:/.test(text) && /"?mac"?\s*:/.test(text)

const ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/
const DATA_KEY = /^[-._a-zA-Z0-9]+$/

function options(local: unknown, global: unknown): Options {
  const l = (local ?? {}) as Record<string, unknown>
  const g = (global ?? {}) as Record<string, unknown>
  return {
    // MergeGlobalOptionsIntoLocal: local entries win, global ones fill in.
    labels: {...asStringMap(g.labels), ...asStringMap(l.labels)},
    annotations: {...asStringMap(g.annotations), ...asStringMap(l.annotations)},
    disableNameSuffixHash: l.disableNameSuffixHash === true || g.disableNameSuffixHash === true,
    immutable: l.immutable === true || g.immutable === true,
  }
}

/** kyaml's encodeBase64 (yaml/datamap.go): lines of 70 characters, each ending in a newline once there are two or more. */
function encodeBase64(value: string): string {
  const encoded = Buffer.from(value, 'utf8').toString('base64')
  const lineLen = 70
  if (Math.floor(encoded.length / lineLen) + 1 <= 1) return encoded
  let out = ''
  for (let i = 0; i < encoded.length; i += lineLen) out += `${encoded.slice(i, i + lineLen)}\n`
  return out
}

function removeQuotes(s: string): string {
  if (s.length < 2 || s[0] !== s.at(-1)) return s
  return s[0] === '"' || s[0] === "'" ? s.slice(1, -1) : s
}

/** Collects key/value pairs in kustomize's order: env files, literals, files. */
function pairs(env: BuildEnv, k: Kustomization, field: string, i: number, args: Record<string, unknown>): Pairs | undefined {
  const out: Pair[] = []
  const encrypted: string[] = []
  const envs = [...asArray(args.envs), ...(typeof args.env === 'string' ? [args.env] : [])]
  for (const [j, e] of envs.entries()) {
    const at = k.at([field, i, 'envs', j])
    const file = readReferenced(env, k.dir, String(e), at, 'env file')
    if (!file.ok) return undefined
    // A SOPS dotenv (sops_version=…, sops_mac=… lines): kustomize-controller decrypts it before the build (which
    // removes the sops_* lines); `kustomize build` and `flux build` keep them. Its values are known only in the cluster.
    const sops = file.text.split(/\r?\n/).some((l) => SOPS_ENV_KEY.test(l.trimStart())) && SOPS_CIPHERTEXT.test(file.text)
    if (sops) encrypted.push(file.rel)
    for (const [n, raw] of file.text.split(/\r?\n/).entries()) {
      const line = raw.replace(/^\s+/, '')
      if (line === '' || line.startsWith('#')) continue
      const eq = line.indexOf('=')
      const key = eq < 0 ? line : line.slice(0, eq)
      if (!ENV_NAME.test(key)) return void buildError(env, `${file.rel}:${n + 1}: invalid environment variable name ${JSON.stringify(key)}`, at)
      out.push({key, value: eq < 0 ? '' : line.slice(eq + 1), at: {file: file.rel, line: n + 1, column: 1}})
    }
  }
  for (const [j, lit] of asArray(args.literals).entries()) {
    const s = String(lit)
    const at = k.at([field, i, 'literals', j])
    const eq = s.indexOf('=')
    if (eq <= 0) return void buildError(env, `invalid literal source ${s}, expected key=value`, at)
    out.push({key: s.slice(0, eq), value: removeQuotes(s.slice(eq + 1)), at})
  }
  for (const [j, f] of asArray(args.files).entries()) {
    const s = String(f)
    const at = k.at([field, i, 'files', j])
    const parts = s.split('=')
    if (parts.length > 2 || (parts.length === 2 && (parts[0] === '' || parts[1] === ''))) {
      return void buildError(env, `invalid file source ${JSON.stringify(s)}`, at)
    }
    const [key, path] = parts.length === 2 ? [parts[0]!, parts[1]!] : [posix.basename(s), s]
    const file = readReferenced(env, k.dir, path, at, 'generator file')
    if (!file.ok) return undefined
    if (isSopsFileText(file.text)) encrypted.push(file.rel)
    out.push({key, value: file.text, at: {file: file.rel, line: 1, column: 1}})
  }
  return {pairs: out, encrypted}
}

function generate(env: BuildEnv, k: Kustomization, kind: 'ConfigMap' | 'Secret', i: number, args: Record<string, unknown>): KResource | undefined {
  const field = kind === 'ConfigMap' ? 'configMapGenerator' : 'secretGenerator'
  const at = k.at([field, i])
  const name = typeof args.name === 'string' ? args.name : ''
  if (!name) return void buildError(env, `a ${kind.toLowerCase()} generator entry must have a name`, at)
  const got = pairs(env, k, field, i, args)
  if (!got) return undefined
  const kv = got.pairs
  const data: Record<string, string> = {}
  const prov = new Provenance(at)
  for (const p of kv) {
    if (!DATA_KEY.test(p.key)) return void buildError(env, `${JSON.stringify(p.key)} is not a valid ${kind} key`, p.at)
    if (p.key in data) return void buildError(env, `${kind.toLowerCase()} ${name} illegally repeats the key \`${p.key}\``, p.at)
    data[p.key] = kind === 'Secret' ? encodeBase64(p.value) : p.value
    prov.set(['data', p.key], p.at)
  }
  const opts = options(args.options, k.fields.generatorOptions)
  const metadata: NonNullable<KObj['metadata']> = {name}
  if (typeof args.namespace === 'string' && args.namespace) metadata.namespace = args.namespace
  if (Object.keys(opts.labels).length) metadata.labels = opts.labels
  if (Object.keys(opts.annotations).length) metadata.annotations = opts.annotations
  const obj: KObj = {apiVersion: 'v1', kind, metadata}
  if (kind === 'Secret') obj.type = typeof args.type === 'string' && args.type ? args.type : 'Opaque'
  if (Object.keys(data).length) obj.data = data
  if (opts.immutable) obj.immutable = true
  const behavior = args.behavior === 'merge' || args.behavior === 'replace' ? args.behavior : 'create'
  // Values from SOPS-encrypted files stay ciphertext here; consumers treat them as defined but unknown.
  const incomplete = got.encrypted.length
    ? `generated from SOPS-encrypted ${got.encrypted.join(', ')}: its values are known only in the cluster`
    : undefined
  return {obj, prov, ids: [idOf(obj)], needsHash: !opts.disableNameSuffixHash, behavior, ...(incomplete ? {incomplete} : {})}
}

/** Runs the generators of one kustomization and absorbs their output into `resources` (in place). */
export function runGenerators(env: BuildEnv, k: Kustomization, resources: KResource[]): void {
  const run = (kind: 'ConfigMap' | 'Secret', list: unknown) => {
    for (const [i, args] of asArray(list).entries()) {
      const res = generate(env, k, kind, i, (args ?? {}) as Record<string, unknown>)
      if (res) absorb(env, resources, res, k.at([kind === 'ConfigMap' ? 'configMapGenerator' : 'secretGenerator', i]))
    }
  }
  run('ConfigMap', k.fields.configMapGenerator)
  run('Secret', k.fields.secretGenerator)
}

function absorb(env: BuildEnv, resources: KResource[], res: KResource, at: SourcePos): void {
  const id = currentId(res)
  const matches = resources.filter((r) => matchesAnyId(r, id))
  if (matches.length === 0) {
    if (res.behavior !== 'create') return buildError(env, `${id.kind} ${id.name} does not exist; cannot merge or replace`, at)
    resources.push(res)
    return
  }
  if (matches.length > 1) return buildError(env, `found multiple objects that could accept merge of ${id.kind} ${id.name}`, at)
  const old = matches[0]!
  if (res.behavior === 'create') {
    env.problems.push({id: 'CM003', message: `${id.kind} ${id.name} is generated but already exists in this build; use behavior: merge or replace`, at,
      details: [`already defined at ${fmt(old.prov.source)}`]})
    env.incomplete.push(`duplicate ${id.kind} ${id.name}`)
    return
  }
  const om = old.obj.metadata ?? {}
  const nm = res.obj.metadata ?? {}
  nm.labels = {...(om.labels ?? {}), ...(nm.labels ?? {})}
  nm.annotations = {...(om.annotations ?? {}), ...(nm.annotations ?? {})}
  if (!Object.keys(nm.labels).length) delete nm.labels
  if (!Object.keys(nm.annotations).length) delete nm.annotations
  nm.name = om.name
  if (om.namespace) nm.namespace = om.namespace
  else delete nm.namespace
  if (res.behavior === 'merge') {
    for (const f of ['data', 'binaryData']) {
      const mine = (res.obj[f] ?? {}) as Record<string, unknown>
      const merged = {...((old.obj[f] ?? {}) as Record<string, unknown>), ...mine}
      if (Object.keys(merged).length) res.obj[f] = merged
      for (const key of Object.keys(merged)) if (!(key in mine)) res.prov.set([f, key], old.prov.locate([f, key]) ?? old.prov.source)
    }
  }
  res.ids = [...old.ids]
  if (old.incomplete && res.behavior === 'merge') res.incomplete = res.incomplete ? `${res.incomplete}; ${old.incomplete}` : old.incomplete
  resources[resources.indexOf(old)] = res
}

function fmt(p: SourcePos): string {
  return `${p.file}:${p.line}:${p.column}`
}
