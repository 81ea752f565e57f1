// What Flux's text-level substitution does to one string field. kustomize-controller serialises each object
// (kyaml, yaml.v3 emitter), substitutes the text, and parses it back with sigs.k8s.io/yaml (yaml.v2, YAML 1.1).
// So `id: ${CLUSTER_ID}` becomes the number 1, `cidrs: ${POD_CIDR}` with '["10.0.0.0/16"]' becomes a list,
// "yes" becomes true and an empty value becomes null. Checked case by case against `flux build kustomization`.
import {isAlias, isMap, isScalar, isSeq, type Node, parseDocument, Scalar} from 'yaml'

/** Where the string sits: it decides how the substituted text is read back (`- a: b` is a map, `k: a: b` an error). */
export type Slot = 'value' | 'item' | 'key'

/** How yaml.v3 emits a string with no preserved style: plain when allowed in block context, else single-quoted. */
export function emitString(s: string): string {
  if (s.includes('\n')) return s
  return plainAllowed(s) ? s : `'${s.replaceAll("'", "''")}'`
}

const FIRST_INDICATORS = new Set([...'#,[]{}&*!|>\'"%@`'])

/** libyaml's yaml_emitter_analyze_scalar, reduced to block context. */
function plainAllowed(s: string): boolean {
  if (s === '' || /^\s|\s$/.test(s)) return false
  if (s.startsWith('---') || s.startsWith('...')) return false
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b-\u001f\u007f]/.test(s)) return false
  const ws = (i: number) => i >= s.length || s[i] === ' ' || s[i] === '\t'
  if (FIRST_INDICATORS.has(s[0]!)) return false
  if ((s[0] === '-' || s[0] === '?' || s[0] === ':') && ws(1)) return false
  for (let i = 1; i < s.length; i++) {
    if (s[i] === ':' && ws(i + 1)) return false
    if (s[i] === '#' && (s[i - 1] === ' ' || s[i - 1] === '\t')) return false
  }
  return true
}

export class RoundTripError extends Error {}

/** Reads the substituted text back as sigs.k8s.io/yaml would; multi-line strings stay strings. */
export function readBack(text: string, original: string, slot: Slot): unknown {
  if (original.includes('\n')) return text
  // Most values (names, numbers, addresses) are plain scalars with no YAML syntax in them: resolve directly.
  if (SIMPLE.test(text) && slot !== 'key') return resolvePlain(text)
  const src = slot === 'item' ? `- ${text}\n` : slot === 'key' ? `${text}: x\n` : `k: ${text}\n`
  const doc = parseDocument(src, {schema: 'failsafe', uniqueKeys: true})
  if (doc.errors.length) throw new RoundTripError(`YAMLToJSON: ${doc.errors[0]!.message.split('\n')[0]}`)
  const root = doc.contents as Node
  let node: unknown
  if (slot === 'item') node = isSeq(root) ? root.items[0] : undefined
  else if (slot === 'key') node = isMap(root) ? root.items[0]?.key : undefined
  else node = isMap(root) ? root.items[0]?.value : undefined
  if (isMap(root) && root.items.length !== 1) throw new RoundTripError('YAMLToJSON: the substituted value changed the object structure')
  return toJson(node, doc)
}

function toJson(node: unknown, doc: ReturnType<typeof parseDocument>): unknown {
  if (node === null || node === undefined) return null
  if (isAlias(node)) {
    const target = node.resolve(doc)
    if (!target) throw new RoundTripError(`YAMLToJSON: yaml: unknown anchor '${node.source}' referenced`)
    return toJson(target, doc)
  }
  if (isScalar(node)) {
    const raw = node.value === null || node.value === undefined ? '' : String(node.value)
    return node.type === Scalar.PLAIN ? resolvePlain(raw) : raw
  }
  if (isSeq(node)) return node.items.map((i) => toJson(i, doc))
  if (isMap(node)) {
    const out: Record<string, unknown> = {}
    for (const pair of node.items) out[String(toJson(pair.key, doc) ?? 'null')] = toJson(pair.value, doc)
    return out
  }
  return null
}

/** Text that YAML can only read as one plain scalar: no indicators, spaces, quotes or comment marks. */
const SIMPLE = /^(?:[A-Za-z0-9_.\/+=()~][A-Za-z0-9_.\/+=()~-]*)?$/

const TRUE = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'])
const FALSE = new Set(['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'])
const NULL = new Set(['', '~', 'null', 'Null', 'NULL'])
const FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/
const SPECIAL_FLOAT = /^[-+]?\.(inf|Inf|INF)$|^\.(nan|NaN|NAN)$/

/** yaml.v2's resolve() for plain scalars (YAML 1.1 booleans, Go's base-prefixed integers), then JSON. */
export function resolvePlain(raw: string): unknown {
  if (NULL.has(raw)) return null
  if (TRUE.has(raw)) return true
  if (FALSE.has(raw)) return false
  if (SPECIAL_FLOAT.test(raw)) throw new RoundTripError(`YAMLToJSON: json: unsupported value: ${raw}`)
  const int = parseGoInt(raw.replaceAll('_', ''))
  if (int !== undefined) return int
  if (FLOAT.test(raw)) return Number(raw)
  return raw
}

/** strconv.ParseInt(s, 0, 64): decimal, 0x/0o/0b prefixes and a leading 0 for octal. */
function parseGoInt(s: string): number | undefined {
  const m = /^([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)$/.exec(s)
  if (!m) return undefined
  const sign = m[1] === '-' ? -1 : 1
  const body = m[2]!
  let n: number
  if (/^0[xX]/.test(body)) n = Number.parseInt(body.slice(2), 16)
  else if (/^0[oO]/.test(body)) n = Number.parseInt(body.slice(2), 8)
  else if (/^0[bB]/.test(body)) n = Number.parseInt(body.slice(2), 2)
  else if (body.length > 1 && body.startsWith('0')) n = Number.parseInt(body.slice(1), 8)
  else n = Number.parseInt(body, 10)
  return sign * n
}
