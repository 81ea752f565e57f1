// postBuild substitution over the objects of one Flux Kustomization build, as kustomize-controller does it:
// objects labelled or annotated `kustomize.toolkit.fluxcd.io/substitute: disabled` are skipped; nothing happens
// unless some variable is defined (or substituteStrategy is Always); unset variables render empty (the default,
// non-strict mode). Each string is substituted in the form the YAML text has (see yaml-roundtrip.ts), so field
// positions survive; every `${...}` met is recorded for the checks.
import {evaluate, type Reference} from '../envsubst/eval.js'
import {EnvsubstError} from '../envsubst/parse.js'
import {currentId, type KResource} from '../kustomize/resource.js'
import type {JsonPath, SourcePos, Variable, VariableReference} from '../types.js'
import {emitString, readBack, RoundTripError, type Slot} from './yaml-roundtrip.js'

export const SUBSTITUTE_KEY = 'kustomize.toolkit.fluxcd.io/substitute'

export interface SubstituteOptions {
  vars: Map<string, Variable>
  /** Whether substitution runs at all (some variable defined, or strategy Always). */
  enabled: boolean
  /** The character at a position of a repository file (to place `${` inside quoted and block scalars). */
  charAt: (pos: SourcePos) => string | undefined
}

export interface SubstituteOutcome {
  references: VariableReference[]
  errors: {message: string; pos: SourcePos}[]
  /** Objects that used a SOPS-encrypted variable: their values are not known. */
  unknownValues: Map<KResource, string[]>
}

export const substitutionDisabled = (r: KResource) =>
  r.obj.metadata?.labels?.[SUBSTITUTE_KEY] === 'disabled' || r.obj.metadata?.annotations?.[SUBSTITUTE_KEY] === 'disabled'

export function substituteAll(resources: KResource[], opts: SubstituteOptions): SubstituteOutcome {
  const out: SubstituteOutcome = {references: [], errors: [], unknownValues: new Map()}
  for (const res of resources) {
    if (substitutionDisabled(res)) continue
    substituteResource(res, opts, out)
  }
  return out
}

function substituteResource(res: KResource, opts: SubstituteOptions, out: SubstituteOutcome): void {
  const id = currentId(res)
  const resource = {...(typeof res.obj.apiVersion === 'string' ? {apiVersion: res.obj.apiVersion} : {}), kind: id.kind, ...(id.namespace ? {namespace: id.namespace} : {}), name: id.name}
  const unknown: string[] = []
  let failed = false
  const mapping = (name: string): [string, boolean] => {
    const v = opts.vars.get(name)
    if (v?.unknown) {
      unknown.push(name)
      return [`\${${name}}`, true]
    }
    return [v?.value ?? '', true]
  }
  const visit = (value: unknown, path: JsonPath, slot: Slot): unknown => {
    if (typeof value === 'string') return value.includes('$') ? one(value, path, slot) : value
    if (Array.isArray(value)) return value.map((v, i) => visit(v, [...path, i], 'item'))
    if (value && typeof value === 'object') {
      const o: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(value)) {
        const key = k.includes('$') ? String(one(k, path, 'key') ?? '') : k
        o[key] = visit(v, [...path, k], 'value')
      }
      return o
    }
    return value
  }
  const one = (s: string, path: JsonPath, slot: Slot): unknown => {
    const at = res.prov.locateExact(path)
    const text = emitString(s)
    const shift = text === s ? 0 : 1
    const refs: Reference[] = []
    try {
      const substituted = opts.enabled ? evaluate(text, mapping, (r) => refs.push(r)) : (collect(text, refs), text)
      for (const r of refs) out.references.push(reference(r, s, r.offset - shift, at ?? res.prov.locate(path) ?? res.prov.source, opts, resource))
      return opts.enabled ? readBack(substituted, s, slot) : s
    } catch (error) {
      if (!(error instanceof EnvsubstError || error instanceof RoundTripError)) throw error
      const base = at ?? res.prov.locate(path) ?? res.prov.source
      const pos = error instanceof EnvsubstError ? positionIn(s, error.offset - shift, base, opts) : base
      const detail = error instanceof EnvsubstError ? `variable substitution failed: ${error.message}` : error.message
      if (!failed) out.errors.push({message: `var substitution failed for '${id.name}': envsubst error: ${detail}`, pos})
      failed = true
      return s
    }
  }
  const next = visit(res.obj, [], 'value') as KResource['obj']
  if (opts.enabled && !failed) res.obj = next
  if (unknown.length) out.unknownValues.set(res, [...new Set(unknown)])
}

/** Without substitution the text stays as it is; the references are still listed (Flux would leave them literally). */
function collect(text: string, refs: Reference[]): void {
  try {
    evaluate(text, () => ['', true], (r) => refs.push(r))
  } catch {
    // An expression Flux cannot parse only matters when substitution runs.
  }
}

function reference(r: Reference, value: string, offset: number, at: SourcePos, opts: SubstituteOptions, resource: VariableReference['resource']): VariableReference {
  const v = opts.vars.get(r.name)
  return {name: r.name, op: r.op, hasDefault: r.hasDefault, defined: !!v, pos: positionIn(value, offset, at, opts), resource}
}

/** Where `${` sits in the file: inside the scalar that starts at `at` (plain, quoted or block). */
function positionIn(value: string, offset: number, at: SourcePos, opts: SubstituteOptions): SourcePos {
  const c = opts.charAt(at)
  if (c === '|' || c === '>') {
    const before = value.slice(0, Math.max(0, offset)).split('\n')
    return {file: at.file, line: at.line + before.length, column: blockIndent(opts, at) + before.at(-1)!.length + 1}
  }
  if (value.includes('\n')) return at
  const quote = c === '"' || c === "'" ? 1 : 0
  return {file: at.file, line: at.line, column: at.column + quote + Math.max(0, offset)}
}

/** Indentation of a block scalar: that of its first non-empty content line (no explicit indicator assumed). */
function blockIndent(opts: SubstituteOptions, at: SourcePos): number {
  for (let n = 1; n < 1000; n++) {
    let col = 0
    while (opts.charAt({file: at.file, line: at.line + n, column: col + 1}) === ' ') col++
    const next = opts.charAt({file: at.file, line: at.line + n, column: col + 1})
    if (next === undefined && col === 0 && opts.charAt({file: at.file, line: at.line + n + 1, column: 1}) === undefined) return 0
    if (next !== undefined) return col
  }
  return 0
}
