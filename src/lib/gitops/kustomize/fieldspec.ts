// kustomize field specs: "apply this to <path> of objects of <group/version/kind>", with `[]` for every list item.
import type {JsonPath} from '../types.js'
import type {Gvk} from './resid.js'

export interface FieldSpec {
  group?: string
  version?: string
  kind?: string
  path: string
  create?: boolean
}

export function specApplies(fs: FieldSpec, gvk: Gvk): boolean {
  return (!fs.group || fs.group === gvk.group) && (!fs.version || fs.version === gvk.version) && (!fs.kind || fs.kind === gvk.kind)
}

/** Splits "spec/template/metadata/labels" into segments; a segment ending in [] walks every list item. */
export function splitPath(path: string): string[] {
  return path.split(/(?<!\\)\//).map((s) => s.replaceAll('\\/', '/'))
}

type Visit = (container: Record<string, unknown>, key: string, path: JsonPath) => void

/**
 * Calls `visit` with the map holding the last segment (kustomize's fieldspec filter): lists on the way are
 * walked element by element whether or not the segment says `[]`; missing maps are created when `create` is set.
 */
export function walkFieldSpec(obj: Record<string, unknown>, fs: FieldSpec, visit: Visit): void {
  const segs = splitPath(fs.path).map((s) => (s.endsWith('[]') ? s.slice(0, -2) : s))
  const step = (node: unknown, i: number, path: JsonPath): void => {
    if (Array.isArray(node)) {
      node.forEach((item, j) => step(item, i, [...path, j]))
      return
    }
    if (!node || typeof node !== 'object') return
    const map = node as Record<string, unknown>
    const key = segs[i]!
    if (i === segs.length - 1) {
      if (key in map || fs.create) visit(map, key, [...path, key])
      return
    }
    let next = map[key]
    if (next === undefined || next === null) {
      if (!fs.create) return
      next = {}
      map[key] = next
    }
    step(next, i + 1, [...path, key])
  }
  step(obj, 0, [])
}
