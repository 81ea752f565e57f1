// The part of Helm's strvals (`--set path=value`) that valuesFrom targetPath uses: dotted paths with `\.`
// escapes and `[n]` indexes; values typed like --set (true/false/null/integers) unless quoted or literal.
import type {JsonPath} from '../types.js'

export function splitPath(path: string): JsonPath {
  const out: (string | number)[] = []
  for (const part of path.split(/(?<!\\)\./)) {
    const m = /^(.*?)((?:\[\d+\])*)$/.exec(part.replaceAll('\\.', '.'))!
    if (m[1]) out.push(m[1])
    for (const idx of m[2]!.matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]))
  }
  return out
}

function typed(v: string): unknown {
  if (v === 'true') return true
  if (v === 'false') return false
  if (v === 'null') return null
  if (/^-?(0|[1-9]\d*)$/.test(v) && Number.isSafeInteger(Number(v))) return Number(v)
  return v
}

/** Sets `value` at `path` in `values`, as helm-controller's ReplacePathValue / ReplacePathLiteralValue. */
export function setPath(values: Record<string, unknown>, path: string, raw: string, literal: boolean): void {
  let value: unknown
  if (literal) value = raw
  else if (raw.length >= 2 && ((raw.startsWith('"') && raw.endsWith('"')) || (raw.startsWith("'") && raw.endsWith("'")))) value = raw.slice(1, -1)
  else if (/^\{.*\}$/.test(raw)) value = raw.slice(1, -1).split(',').map(typed)
  else if (/(?<!\\),/.test(raw)) throw new Error(`value ${JSON.stringify(raw)} contains a comma, which --set reads as another key without a value`)
  else value = typed(raw.replaceAll('\\,', ','))
  const keys = splitPath(path)
  let cur: Record<string, unknown> | unknown[] = values
  keys.forEach((k, i) => {
    const last = i === keys.length - 1
    const nextIsIndex = typeof keys[i + 1] === 'number'
    const container = cur as Record<string, unknown> & unknown[]
    const slot = container[k as never] as unknown
    if (last) {
      container[k as never] = value as never
      return
    }
    if (!slot || typeof slot !== 'object') container[k as never] = (nextIsIndex ? [] : {}) as never
    cur = container[k as never] as Record<string, unknown> | unknown[]
  })
}
