// ApplicationSet templating, offline: fasttemplate (`{{name}}`, `{{ path.basename }}`; flat string parameters, an
// unknown tag stays as written, as Argo CD's applicationset/utils Replace does) and Go templates (`goTemplate: true`:
// `{{ .name }}`, slim-sprig functions, nested parameters) rendered field by field, every string of the template on
// its own, as Argo CD's RenderTemplateParams does. The Go template engine is flux-operator's (fluxoperator/
// gotemplate.ts, delimiters `<< >>`): a string is translated to those delimiters and run inside `with inputs`, so
// that `.` is the parameter set. `$` is not the parameter set there: a template using `$.x` is reported, not guessed.
import {parseTemplate, renderTemplate, TemplateError, TemplateUnsupported} from '../fluxoperator/gotemplate.js'
import type {JsonPath, SourcePos} from '../types.js'

export type Params = Record<string, unknown>

/** One parameter set of a generator, with where each top-level (fasttemplate: flat) parameter was written. */
export interface ParamSet {
  params: Params
  pos: Map<string, SourcePos>
}

export class TemplateProblem extends Error {}

const FAST_TAG = /\{\{([^{}]*)\}\}/g

/** fasttemplate: `{{ key }}` replaced by the flat parameter `key`; unknown tags are kept. */
export function fastRender(text: string, params: Params): string {
  return text.replace(FAST_TAG, (whole, tag: string) => {
    const key = tag.trim()
    return Object.hasOwn(params, key) ? String(params[key] ?? '') : whole
  })
}

const goCache = new Map<string, ReturnType<typeof parseTemplate>>()

/** Go template with `.` = params (Argo CD goTemplate); a failure Argo CD would also have is a TemplateProblem. */
export function goRender(text: string, params: Params, missingKeyError = true): string {
  if (!text.includes('{{')) return text
  if (text.includes('<<') || text.includes('>>')) throw new TemplateProblem(`template ${JSON.stringify(text)} contains << or >>, which this evaluator cannot tell from its own delimiters`)
  if (/\$\./.test(text) || /\{\{-?\s*\$\s*-?\}\}/.test(text)) throw new TemplateProblem(`template ${JSON.stringify(text)} uses $, not evaluated offline`)
  const src = `<<with inputs>>${text.replaceAll('{{', '<<').replaceAll('}}', '>>')}<<end>>`
  let tpl = goCache.get(src)
  try {
    if (!tpl) {
      tpl = parseTemplate(src)
      goCache.set(src, tpl)
    }
    const r = renderTemplate(tpl, params)
    if (r.unknown.length) throw new TemplateProblem(`template ${JSON.stringify(text)}: ${r.unknown.join('; ')}`)
    return r.text
  } catch (error) {
    if (error instanceof TemplateProblem) throw error
    if (error instanceof TemplateError && !missingKeyError && /map has no entry/.test(error.message)) {
      // missingkey=default (Argo CD's default options): Go prints "<no value>".
      throw new TemplateProblem(`template ${JSON.stringify(text)}: ${error.message} (Go renders "<no value>")`)
    }
    if (error instanceof TemplateError || error instanceof TemplateUnsupported) throw new TemplateProblem(`template ${JSON.stringify(text)}: ${error.message}`)
    throw error
  }
}

export interface RenderOptions {
  goTemplate: boolean
  missingKeyError: boolean
}

/** The single parameter a string consists of (`{{.cluster.id}}`, `{{ id }}`), to point at where it was written. */
function soleParameter(text: string, go: boolean): string | undefined {
  const m = go ? /^\{\{-?\s*\.([\w.]+)\s*-?\}\}$/.exec(text) : /^\{\{\s*([^{}\s]+)\s*\}\}$/.exec(text)
  return m?.[1]
}

/**
 * Renders every string of `value` (keys included) with `set`; `onString` learns the position of a field that is one
 * parameter (so that findings point at the generator element that gave it).
 */
export function renderDeep(value: unknown, set: ParamSet, opts: RenderOptions, path: JsonPath = [], onParam?: (path: JsonPath, pos: SourcePos) => void): unknown {
  const render = (s: string) => (opts.goTemplate ? goRender(s, set.params, opts.missingKeyError) : fastRender(s, set.params))
  if (typeof value === 'string') {
    const sole = soleParameter(value, opts.goTemplate)
    if (sole && onParam) {
      const pos = set.pos.get(sole) ?? set.pos.get(sole.split('.')[0]!)
      if (pos) onParam(path, pos)
    }
    return render(value)
  }
  if (Array.isArray(value)) return value.map((v, i) => renderDeep(v, set, opts, [...path, i], onParam))
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const [k, v] of Object.entries(value)) {
      const key = render(k)
      out[key] = renderDeep(v, set, opts, [...path, key], onParam)
    }
    return out
  }
  return value
}

/** fasttemplate parameters are flat: `{a: {b: 1}}` becomes `a.b: "1"` (Argo CD flattens file generator content). */
export function flatten(value: unknown, prefix = '', out: Params = {}): Params {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) flatten(v, prefix ? `${prefix}.${k}` : k, out)
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => flatten(v, `${prefix}[${i}]`, out))
  } else if (prefix) out[prefix] = value === null || value === undefined ? '' : String(value)
  return out
}

/** nameNormalized / basenameNormalized: lower-case alphanumerics, '-' and '.'. */
export function normalizeName(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9.-]+/g, '-')
}
