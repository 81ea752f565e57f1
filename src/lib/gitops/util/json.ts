// Small JSON helpers: structural equality and Go's encoding/json output (sorted keys, HTML-safe escapes),
// which kustomize's name hashes are computed over.

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false
  if (Array.isArray(a) !== Array.isArray(b)) return false
  if (Array.isArray(a)) {
    const bb = b as unknown[]
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i]))
  }
  const ak = Object.keys(a as object)
  const bo = b as Record<string, unknown>
  return ak.length === Object.keys(bo).length && ak.every((k) => k in bo && deepEqual((a as Record<string, unknown>)[k], bo[k]))
}

/** json.Marshal of Go: map keys sorted, <, >, & and U+2028/U+2029 escaped. */
export function goJson(v: unknown): string {
  if (v === null || v === undefined) return 'null'
  if (typeof v === 'string') return goString(v)
  if (typeof v === 'number' || typeof v === 'boolean') return JSON.stringify(v)
  if (Array.isArray(v)) return `[${v.map(goJson).join(',')}]`
  const o = v as Record<string, unknown>
  return `{${Object.keys(o).sort().map((k) => `${goString(k)}:${goJson(o[k])}`).join(',')}}`
}

function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}
