// The template functions flux-operator gives ResourceSets: Go text/template builtins, the slim-sprig functions
// repositories use, and flux-operator's own slugify (gosimple/slug, 63 characters, smart truncate) and toYaml.
// Go values are modelled as: string, number (float64, what JSON inputs decode to), bigint (Go int), boolean,
// null (nil), arrays and plain objects (maps). A value not known offline is an Unknown; any function given one
// returns it (so the output can be marked incomplete instead of guessed).
import {createHash} from 'node:crypto'
import {stringify} from 'yaml'

export class Unknown {
  constructor(readonly reason: string) {}
}

export const isUnknown = (v: unknown): v is Unknown => v instanceof Unknown

export class FuncError extends Error {}

/** Go's %v for float64 (strconv 'g', shortest): 2 → "2", 1000000 → "1e+06". */
export function goFloat(n: number): string {
  if (Number.isNaN(n)) return 'NaN'
  if (!Number.isFinite(n)) return n > 0 ? '+Inf' : '-Inf'
  if (n === 0) return Object.is(n, -0) ? '-0' : '0'
  const [mant, expText] = n.toExponential().split('e') as [string, string]
  const exp = Number(expText)
  // strconv uses precision 6 to choose between %e and %f for the shortest representation.
  if (exp < -4 || exp >= 6) return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  return String(n)
}

/** fmt's %v. */
export function printValue(v: unknown, top = true): string {
  if (v === null || v === undefined) return top ? '<no value>' : '<nil>'
  if (typeof v === 'string') return v
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v)
  if (typeof v === 'number') return goFloat(v)
  if (Array.isArray(v)) return `[${v.map((x) => printValue(x, false)).join(' ')}]`
  if (isUnknown(v)) return 'unknown-value'
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>
    return `map[${Object.keys(o).sort().map((k) => `${k}:${printValue(o[k], false)}`).join(' ')}]`
  }
  return String(v)
}

/** sprig's strval. */
export const strval = (v: unknown): string => printValue(v, false)

export function truthy(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === '' || v === 0 || v === 0n) return false
  if (Array.isArray(v)) return v.length > 0
  if (typeof v === 'object') return Object.keys(v as object).length > 0
  return true
}

/** spf13/cast ToInt as sprig uses it: invalid strings give 0. */
export function toInt(v: unknown): bigint {
  if (typeof v === 'bigint') return v
  if (typeof v === 'number') return Number.isFinite(v) ? BigInt(Math.trunc(v)) : 0n
  if (typeof v === 'boolean') return v ? 1n : 0n
  if (typeof v === 'string') {
    const s = v.trim().replace(/\.0*$/, '')
    if (/^[+-]?(\d+|0[xX][0-9a-fA-F]+|0[bB][01]+|0[oO]?[0-7]+)$/.test(s)) {
      try {
        const neg = s.startsWith('-')
        const body = s.replace(/^[+-]/, '').replace(/^0([0-7]+)$/, '0o$1')
        return neg ? -BigInt(body) : BigInt(body)
      } catch {
        return 0n
      }
    }
    return 0n
  }
  return 0n
}

export function toFloat(v: unknown): number {
  if (typeof v === 'number') return v
  if (typeof v === 'bigint') return Number(v)
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'string') {
    const n = Number(v.trim())
    return v.trim() !== '' && Number.isFinite(n) ? n : 0
  }
  return 0
}

const isNum = (v: unknown): v is number | bigint => typeof v === 'number' || typeof v === 'bigint'

function goEq(a: unknown, b: unknown): boolean {
  if (isNum(a) && isNum(b)) return Number(a) === Number(b)
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null)
  if (typeof a !== typeof b) throw new FuncError('incompatible types for comparison')
  if (typeof a === 'object') throw new FuncError('non-comparable types')
  return a === b
}

function compare(a: unknown, b: unknown): number {
  if (isNum(a) && isNum(b)) return Number(a) - Number(b)
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0
  throw new FuncError('incompatible types for comparison')
}

/** sigs.k8s.io/yaml Marshal: sorted keys, sequences not indented under their key, no line folding. */
export function toYaml(v: unknown): string {
  return stringify(plain(v), {sortMapEntries: true, indentSeq: false, lineWidth: 0, minContentWidth: 0})
}

const plain = (v: unknown): unknown =>
  typeof v === 'bigint' ? Number(v) : Array.isArray(v) ? v.map(plain) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)])) : v

function toJson(v: unknown): string {
  return JSON.stringify(plain(v), (_k, x: unknown) => (x === undefined ? null : x)) ?? 'null'
}

function indent(n: unknown, s: unknown): string {
  const pad = ' '.repeat(Number(toInt(n)))
  return pad + strval(s).replaceAll('\n', `\n${pad}`)
}

/** gosimple/slug.Make as flux-operator configures it (MaxLength 63, EnableSmartTruncate). */
export function slugify(s: unknown): string {
  let t = strval(s)
  const subs: Record<string, string> = {'"': '', "'": '', '’': '', '‒': '-', '–': '-', '—': '-', '―': '-', '&': 'and', '@': 'at'}
  t = [...t].map((c) => subs[c] ?? c).join('')
  t = t.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
  t = t.toLowerCase()
  t = t.replace(/[^a-z0-9\-_]/g, '-').replace(/-+/g, '-').replace(/^[-_]+|[-_]+$/g, '')
  const max = 63
  if (t.length > max) {
    const cut = t.lastIndexOf('-', max)
    t = cut > 0 ? t.slice(0, cut) : t.slice(0, max)
  }
  return t
}

/** A small printf: %s %d %v %q %f %t %% and widths are not supported beyond these verbs. */
function printf(format: unknown, ...args: unknown[]): string {
  let i = 0
  return strval(format).replace(/%([-+ 0#]*\d*(?:\.\d+)?)([svdqftx%])/g, (m, flags: string, verb: string) => {
    if (verb === '%') return '%'
    if (flags) throw new FuncError(`printf flags ${m}`)
    if (i >= args.length) return `%!${verb}(MISSING)`
    const a = args[i++]
    switch (verb) {
      case 's':
      case 'v':
        return strval(a)
      case 'd':
        return isNum(a) ? String(typeof a === 'number' ? Math.trunc(a) : a) : `%!d(${typeof a}=${strval(a)})`
      case 'q':
        return JSON.stringify(strval(a))
      case 'f':
        return toFloat(a).toFixed(6)
      case 't':
        return String(a)
      case 'x':
        return typeof a === 'string' ? Buffer.from(a).toString('hex') : toInt(a).toString(16)
    }
    return m
  })
}

const str = (fn: (s: string, ...rest: string[]) => unknown) => (...a: unknown[]) => fn(...(a.map(strval) as [string, ...string[]]))

const arith = (op: (a: bigint, b: bigint) => bigint) => (...a: unknown[]) => a.map(toInt).reduce((x, y) => op(x, y))

const list = (v: unknown): unknown[] => {
  if (Array.isArray(v)) return v
  if (v === null || v === undefined) return []
  throw new FuncError(`cannot use ${printValue(v)} as a list`)
}

const dictOf = (v: unknown): Record<string, unknown> => {
  if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>
  throw new FuncError(`cannot use ${printValue(v)} as a dict`)
}

const BASE: Record<string, (...a: unknown[]) => unknown> = {
  // Go text/template builtins (and / or are evaluated lazily by the engine).
  not: (v) => !truthy(v),
  len: (v) => (typeof v === 'string' ? BigInt(Buffer.byteLength(v)) : Array.isArray(v) ? BigInt(v.length) : v && typeof v === 'object' ? BigInt(Object.keys(v).length) : (() => { throw new FuncError(`len of ${printValue(v)}`) })()),
  index: (v, ...keys) => keys.reduce((cur: unknown, k) => {
    if (Array.isArray(cur)) {
      const i = Number(toInt(k))
      if (i < 0 || i >= cur.length) throw new FuncError(`index out of range: ${i}`)
      return cur[i]
    }
    if (cur && typeof cur === 'object') return (cur as Record<string, unknown>)[strval(k)] ?? null
    if (cur === null || cur === undefined) throw new FuncError('index of untyped nil')
    throw new FuncError(`can't index item of type ${typeof cur}`)
  }, v),
  print: (...a) => a.map((x, i) => (i > 0 && typeof x !== 'string' && typeof a[i - 1] !== 'string' ? ' ' : '') + strval(x)).join(''),
  println: (...a) => `${a.map(strval).join(' ')}\n`,
  printf,
  eq: (a, ...b) => {
    if (!b.length) throw new FuncError('missing argument for comparison')
    return b.some((x) => goEq(a, x))
  },
  ne: (a, b) => !goEq(a, b),
  lt: (a, b) => compare(a, b) < 0,
  le: (a, b) => compare(a, b) <= 0,
  gt: (a, b) => compare(a, b) > 0,
  ge: (a, b) => compare(a, b) >= 0,
  // sprig: defaults and flow.
  default: (d, ...v) => (v.length && truthy(v[0]) ? v[0] : d),
  empty: (v) => !truthy(v),
  coalesce: (...a) => a.find(truthy) ?? null,
  ternary: (a, b, c) => (truthy(c) ? a : b),
  fail: (msg) => {
    throw new FuncError(strval(msg))
  },
  // Strings.
  quote: (...a) => a.filter((x) => x !== null && x !== undefined).map((x) => JSON.stringify(strval(x))).join(' '),
  squote: (...a) => a.filter((x) => x !== null && x !== undefined).map((x) => `'${strval(x)}'`).join(' '),
  toString: (v: unknown) => strval(v),
  toStrings: (v) => list(v).map(strval),
  lower: str((s) => s.toLowerCase()),
  upper: str((s) => s.toUpperCase()),
  title: str((s) => s.replace(/(^|[^\p{L}\p{N}'])(\p{L})/gu, (_m, p: string, c: string) => p + c.toUpperCase())),
  trim: str((s) => s.trim()),
  trimAll: str((cut, s) => s.replace(new RegExp(`^[${escapeClass(cut)}]+|[${escapeClass(cut)}]+$`, 'gu'), '')),
  trimPrefix: str((p, s) => (s.startsWith(p) ? s.slice(p.length) : s)),
  trimSuffix: str((p, s) => (p && s.endsWith(p) ? s.slice(0, -p.length) : s)),
  replace: str((o, n, s) => s.replaceAll(o, n)),
  contains: str((sub, s) => s.includes(sub)),
  hasPrefix: str((p, s) => s.startsWith(p)),
  hasSuffix: str((p, s) => s.endsWith(p)),
  repeat: (n, s) => strval(s).repeat(Number(toInt(n))),
  substr: (a, b, s) => {
    const t = strval(s)
    const start = Number(toInt(a))
    const end = Number(toInt(b))
    if (start < 0) return t.slice(0, end)
    if (end < 0 || end > t.length) return t.slice(start)
    return t.slice(start, end)
  },
  trunc: (n, s) => {
    const c = Number(toInt(n))
    const t = strval(s)
    return c < 0 ? (-c < t.length ? t.slice(t.length + c) : t) : c < t.length ? t.slice(0, c) : t
  },
  nospace: str((s) => s.replace(/\s/g, '')),
  cat: (...a) => a.filter((x) => x !== null && x !== undefined).map(strval).join(' '),
  indent,
  nindent: (n, s) => `\n${indent(n, s)}`,
  join: (sep, v) => list(v).map(strval).join(strval(sep)),
  splitList: str((sep, s) => s.split(sep)),
  split: str((sep, s) => Object.fromEntries(s.split(sep).map((x, i) => [`_${i}`, x]))),
  regexMatch: str((re, s) => new RegExp(re, 'u').test(s)),
  regexReplaceAll: str((re, s, repl) => s.replace(new RegExp(re, 'gu'), repl.replace(/\$\{(\w+)\}/g, '$<$1>'))),
  b64enc: str((s) => Buffer.from(s).toString('base64')),
  b64dec: str((s) => Buffer.from(s, 'base64').toString()),
  sha256sum: str((s) => createHash('sha256').update(s).digest('hex')),
  slugify,
  // Conversions and serialisation.
  int: toInt,
  int64: toInt,
  atoi: (v) => toInt(strval(v)),
  float64: toFloat,
  toYaml: (v) => toYaml(v).replace(/\n$/, ''),
  mustToYaml: (v) => toYaml(v).replace(/\n$/, ''),
  toJson,
  mustToJson: toJson,
  toPrettyJson: (v) => JSON.stringify(plain(v), null, 2),
  fromJson: (s) => {
    try {
      return JSON.parse(strval(s)) as unknown
    } catch {
      return {}
    }
  },
  // Lists and dicts.
  list: (...a) => a,
  first: (v) => list(v)[0] ?? null,
  last: (v) => list(v).at(-1) ?? null,
  has: (x, v) => list(v).some((y) => isNum(x) && isNum(y) ? Number(x) === Number(y) : x === y),
  uniq: (v) => list(v).filter((x, i, all) => all.findIndex((y) => y === x) === i),
  sortAlpha: (v) => list(v).map(strval).sort(),
  concat: (...a) => a.flatMap(list),
  append: (v, x) => [...list(v), x],
  until: (n) => Array.from({length: Number(toInt(n))}, (_, i) => BigInt(i)),
  dict: (...a) => {
    const out: Record<string, unknown> = {}
    for (let i = 0; i < a.length; i += 2) out[strval(a[i])] = i + 1 < a.length ? a[i + 1] : ''
    return out
  },
  get: (d, k) => {
    const o = dictOf(d)
    return Object.hasOwn(o, strval(k)) ? o[strval(k)] : ''
  },
  hasKey: (d, k) => Object.hasOwn(dictOf(d), strval(k)),
  keys: (...ds) => ds.flatMap((d) => Object.keys(dictOf(d))),
  values: (d) => Object.values(dictOf(d)),
  merge: (dst, ...srcs) => {
    const out = dictOf(dst)
    for (const s of srcs) for (const [k, v] of Object.entries(dictOf(s))) if (!Object.hasOwn(out, k)) out[k] = v
    return out
  },
  dig: (...a) => {
    const d = a.at(-1)
    const def = a.at(-2)
    let cur: unknown = d
    for (const k of a.slice(0, -2)) {
      if (!cur || typeof cur !== 'object' || !Object.hasOwn(cur, strval(k))) return def
      cur = (cur as Record<string, unknown>)[strval(k)]
    }
    return cur
  },
  // Arithmetic on Go ints.
  add: arith((x, y) => x + y),
  add1: (v) => toInt(v) + 1n,
  sub: arith((x, y) => x - y),
  mul: arith((x, y) => x * y),
  div: arith((x, y) => {
    if (y === 0n) throw new FuncError('integer divide by zero')
    return x / y
  }),
  mod: arith((x, y) => {
    if (y === 0n) throw new FuncError('integer divide by zero')
    return x % y
  }),
  max: (...a) => a.map(toInt).reduce((x, y) => (y > x ? y : x)),
  min: (...a) => a.map(toInt).reduce((x, y) => (y < x ? y : x)),
}

function escapeClass(s: string): string {
  return s.replace(/[\\\]^-]/g, '\\$&')
}

/** Every function, wrapped so that an Unknown argument makes the result Unknown. */
export const FUNCS: Record<string, (...a: unknown[]) => unknown> = Object.fromEntries(
  Object.entries(BASE).map(([name, fn]) => [
    name,
    (...a: unknown[]) => {
      const u = a.find(isUnknown)
      if (u) return u
      return fn(...a)
    },
  ]),
)
