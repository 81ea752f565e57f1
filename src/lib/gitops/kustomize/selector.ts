// Patch targets as kustomize matches them: anchored regular expressions on group/version/kind/name/namespace,
// plus Kubernetes label and annotation selectors.
import {currentId, type KResource} from './resource.js'
import {effectiveNamespace} from './resid.js'

export interface Selector {
  group?: string
  version?: string
  kind?: string
  name?: string
  namespace?: string
  labelSelector?: string
  annotationSelector?: string
}

export class SelectorError extends Error {}

export function parseSelector(raw: unknown): Selector | undefined {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return undefined
  const r = raw as Record<string, unknown>
  const s: Selector = {}
  for (const key of ['group', 'version', 'kind', 'name', 'namespace', 'labelSelector', 'annotationSelector'] as const) {
    if (r[key] !== undefined && r[key] !== null) s[key] = String(r[key])
  }
  return s
}

const anchored = (pattern: string | undefined): RegExp | undefined => {
  if (!pattern) return undefined
  try {
    return new RegExp(`^(?:${pattern})$`)
  } catch (error) {
    throw new SelectorError(`invalid regular expression ${JSON.stringify(pattern)} in patch target: ${(error as Error).message}`)
  }
}

/** Returns the resources a selector picks, in build order (kustomize resWrangler.Select). */
export function select(resources: readonly KResource[], s: Selector): KResource[] {
  const [group, version, kind, name, namespace] = [s.group, s.version, s.kind, s.name, s.namespace].map(anchored)
  const labels = s.labelSelector ? parseLabelSelector(s.labelSelector) : undefined
  const annotations = s.annotationSelector ? parseLabelSelector(s.annotationSelector) : undefined
  return resources.filter((r) => {
    const cur = currentId(r)
    const org = r.ids[0] ?? cur
    if (namespace && !namespace.test(effectiveNamespace(org)) && !namespace.test(effectiveNamespace(cur))) return false
    if (name && !name.test(org.name) && !name.test(cur.name)) return false
    if (group && !group.test(cur.group)) return false
    if (version && !version.test(cur.version)) return false
    if (kind && !kind.test(cur.kind)) return false
    if (labels && !labels(r.obj.metadata?.labels ?? {})) return false
    if (annotations && !annotations(r.obj.metadata?.annotations ?? {})) return false
    return true
  })
}

type Matcher = (set: Record<string, string>) => boolean

/** k8s.io/apimachinery/pkg/labels.Parse: `a=b, c!=d, e in (f,g), h notin (i), j, !k`. */
export function parseLabelSelector(text: string): Matcher {
  const terms: Matcher[] = []
  for (const raw of splitTerms(text)) {
    const term = raw.trim()
    if (term === '') continue
    let m: RegExpExecArray | null
    if ((m = /^!\s*([\w./-]+)$/.exec(term))) {
      const key = m[1]!
      terms.push((set) => !(key in set))
    } else if ((m = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(term))) {
      const [, key, op, value] = m as unknown as [string, string, string, string]
      terms.push(op === '!=' ? (set) => set[key] !== value : (set) => set[key] === value)
    } else if ((m = /^([\w./-]+)\s+(in|notin)\s*\(([^)]*)\)$/.exec(term))) {
      const [, key, op, list] = m as unknown as [string, string, string, string]
      const values = new Set(list.split(',').map((v) => v.trim()))
      terms.push(op === 'in' ? (set) => key in set && values.has(set[key]!) : (set) => !(key in set) || !values.has(set[key]!))
    } else if ((m = /^([\w./-]+)$/.exec(term))) {
      const key = m[1]!
      terms.push((set) => key in set)
    } else throw new SelectorError(`unable to parse selector ${JSON.stringify(text)} near ${JSON.stringify(term)}`)
  }
  return (set) => terms.every((t) => t(set))
}

/** Splits on commas outside parentheses. */
function splitTerms(text: string): string[] {
  const out: string[] = []
  let depth = 0
  let cur = ''
  for (const ch of text) {
    if (ch === '(') depth++
    if (ch === ')') depth--
    if (ch === ',' && depth === 0) {
      out.push(cur)
      cur = ''
    } else cur += ch
  }
  out.push(cur)
  return out
}
