// postBuild variables as kustomize-controller loads them (fluxcd/pkg/kustomize LoadVariables):
// substituteFrom in order (later sources win), then the inline substitute map over all of them;
// newlines are removed from every value; Secret data is base64-decoded.
import type {KObj} from '../kustomize/resid.js'
import type {RenderedObject, SourcePos, SubstituteSource, Variable} from '../types.js'
import type {FluxSpec} from './spec.js'

/** Flux's varsubRegex ^[_[:alpha:]][_[:alpha:][:digit:]]*$; Go's POSIX classes are ASCII-only. */
export const VAR_NAME_ASCII = /^[_A-Za-z][_A-Za-z0-9]*$/

export interface LoadedVariables {
  vars: Map<string, Variable>
  sources: SubstituteSource[]
  /** Keys Flux refuses ("'%s' var name is invalid"): the whole Kustomization then fails. */
  invalid: {name: string; pos: SourcePos}[]
}

export type ObjectFinder = (kind: string, namespace: string, name: string) => RenderedObject | undefined

/** A SOPS-encrypted value: `ENC[AES256_GCM,data:...,type:str]`. */
export const isSopsValue = (v: unknown) => typeof v === 'string' && /^ENC\[[A-Z0-9_]+,data:/.test(v.trim())
/** Text holding SOPS ciphertext anywhere (a value from a SOPS dotenv, or a whole SOPS-encrypted file). */
export const hasSopsCiphertext = (v: unknown) => typeof v === 'string' && /ENC\[[A-Z0-9_]+,data:/.test(v)
/** A base64 Secret data value whose decoded text is (or holds) SOPS ciphertext: generated from a SOPS file. */
export const isSopsData = (v: unknown) => typeof v === 'string' && (isSopsValue(v) || hasSopsCiphertext(Buffer.from(v, 'base64').toString('utf8')))
export const isSopsObject = (o: KObj) => !!o.sops && typeof o.sops === 'object'

export function loadVariables(spec: FluxSpec, find: ObjectFinder, specPos: (path: (string | number)[]) => SourcePos): LoadedVariables {
  const vars = new Map<string, Variable>()
  const sources: SubstituteSource[] = []
  const post = spec.postBuild
  if (!post) return {vars, sources, invalid: []}
  for (const ref of post.substituteFrom) {
    const obj = ref.kind === 'ConfigMap' || ref.kind === 'Secret' ? find(ref.kind, spec.namespace, ref.name) : undefined
    sources.push({kind: ref.kind, name: ref.name, optional: ref.optional, found: !!obj, pos: ref.at})
    if (!obj) continue
    for (const [key, v] of entries(obj)) vars.set(key, v)
  }
  for (const [key, value] of Object.entries(post.substitute)) {
    vars.set(key, {value: value.replaceAll('\n', ''), source: specPos(['spec', 'postBuild', 'substitute', key])})
  }
  const invalid = [...vars.entries()].filter(([k]) => !VAR_NAME_ASCII.test(k)).map(([name, v]) => ({name, pos: v.source ?? specPos(['spec', 'postBuild'])}))
  return {vars, sources, invalid}
}

function entries(obj: RenderedObject): [string, Variable][] {
  const o = obj.object as KObj
  const out: [string, Variable][] = []
  const at = (field: string, key: string) => obj.locate([field, key]) ?? obj.source
  // Ciphertext is never a value: a key whose value is SOPS-encrypted is defined, its value unknown.
  if (o.kind === 'ConfigMap') {
    for (const [k, v] of Object.entries(rec(o.data))) {
      out.push([k, hasSopsCiphertext(v) ? {value: '', source: at('data', k), unknown: true} : {value: text(v).replaceAll('\n', ''), source: at('data', k)}])
    }
    return out
  }
  const encrypted = isSopsObject(o)
  // A Secret generated from a SOPS dotenv carries the sops_* metadata lines as keys; kustomize-controller decrypts
  // the file before the build, which removes them: they are never variables.
  const data = rec(o.data)
  const sopsDotenv = 'sops_mac' in data && 'sops_version' in data
  for (const [k, v] of Object.entries(data)) {
    if (sopsDotenv && k.startsWith('sops_')) continue
    if (encrypted || isSopsData(v)) out.push([k, {value: '', source: at('data', k), unknown: true}])
    else out.push([k, {value: Buffer.from(text(v), 'base64').toString('utf8').replaceAll('\n', ''), source: at('data', k)}])
  }
  // The API server merges stringData into data; it wins over data.
  for (const [k, v] of Object.entries(rec(o.stringData))) {
    if (encrypted || hasSopsCiphertext(v)) out.push([k, {value: '', source: at('stringData', k), unknown: true}])
    else out.push([k, {value: text(v).replaceAll('\n', ''), source: at('stringData', k)}])
  }
  return out
}

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})
const text = (v: unknown): string => (v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v))
