// RFC 6902 JSON patches as kustomize applies them (gopkg.in/evanphx/json-patch.v4): negative array indexes
// count from the end, and `replace` of a missing object key simply sets it.
import type {DocRef} from '../provenance.js'
import type {JsonPath} from '../types.js'
import {deepEqual} from '../util/json.js'
import type {KResource} from './resource.js'

export class JsonPatchError extends Error {}

export interface JsonPatchOp {
  op: string
  path: string
  from?: string
  value?: unknown
  /** Index of the op in its patch, for provenance. */
  index: number
}

/** Reads a patch document: a list of operations (JSON or YAML). */
export function parseOps(value: unknown): JsonPatchOp[] {
  if (!Array.isArray(value)) throw new JsonPatchError('a JSON patch must be a list of operations')
  return value.map((raw, index) => {
    if (!raw || typeof raw !== 'object') throw new JsonPatchError(`operation ${index} is not an object`)
    const r = raw as Record<string, unknown>
    if (typeof r.op !== 'string') throw new JsonPatchError(`operation ${index} has no "op"`)
    if (typeof r.path !== 'string') throw new JsonPatchError(`operation ${index} (${r.op}) has no "path"`)
    return {op: r.op, path: r.path, ...(typeof r.from === 'string' ? {from: r.from} : {}), ...('value' in r ? {value: r.value} : {}), index}
  })
}

export function pointerToPath(pointer: string): string[] {
  if (pointer === '') return []
  if (!pointer.startsWith('/')) throw new JsonPatchError(`invalid JSON pointer ${JSON.stringify(pointer)}`)
  return pointer.slice(1).split('/').map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'))
}

type Container = Record<string, unknown> | unknown[]

/** Finds the parent container of a pointer's last segment; errors like json-patch when the path is missing. */
function parentOf(doc: unknown, segs: string[], op: string, pointer: string): {parent: Container; key: string; path: JsonPath} {
  let node = doc
  const path: (string | number)[] = []
  for (const seg of segs.slice(0, -1)) {
    if (Array.isArray(node)) {
      let i = Number(seg)
      if (/^-\d+$/.test(seg) && i >= -node.length) i += node.length
      if (!/^-?\d+$/.test(seg) || i < 0 || i >= node.length) throw new JsonPatchError(`${op} operation does not apply: doc is missing path: ${pointer}`)
      node = node[i]
      path.push(i)
    } else if (node && typeof node === 'object' && seg in node) {
      node = (node as Record<string, unknown>)[seg]
      path.push(seg)
    } else throw new JsonPatchError(`${op} operation does not apply: doc is missing path: ${pointer}`)
  }
  if (!node || typeof node !== 'object') throw new JsonPatchError(`${op} operation does not apply: doc is missing path: ${pointer}`)
  return {parent: node as Container, key: segs.at(-1)!, path}
}

/** Array index as json-patch v4 reads it: negative counts from the end; `-` only for add. */
function index(arr: unknown[], key: string, op: string, pointer: string, forAdd: boolean): number {
  if (forAdd && key === '-') return arr.length
  if (!/^-?\d+$/.test(key)) throw new JsonPatchError(`${op} operation does not apply: invalid index ${key} in ${pointer}`)
  let i = Number(key)
  if (i < 0) {
    if (i < -arr.length) throw new JsonPatchError(`Unable to access invalid index: ${i}`)
    i += arr.length
  }
  if (i > arr.length || (!forAdd && i === arr.length)) throw new JsonPatchError(`Unable to access invalid index: ${i}`)
  return i
}

function get(doc: unknown, pointer: string, op: string): unknown {
  const segs = pointerToPath(pointer)
  if (segs.length === 0) return doc
  const {parent, key} = parentOf(doc, segs, op, pointer)
  if (Array.isArray(parent)) return parent[index(parent, key, op, pointer, false)]
  if (!(key in parent)) throw new JsonPatchError(`${op} operation does not apply: doc is missing path: ${pointer}`)
  return parent[key]
}

function remove(doc: unknown, pointer: string, op: string): unknown {
  const {parent, key} = parentOf(doc, pointerToPath(pointer), op, pointer)
  if (Array.isArray(parent)) return parent.splice(index(parent, key, op, pointer, false), 1)[0]
  if (!(key in parent)) throw new JsonPatchError(`Unable to remove nonexistent key: ${key}: missing value`)
  const old = parent[key]
  delete parent[key]
  return old
}

/** Adds (or with `replace`, overwrites) and returns the JSON path written. */
function put(doc: unknown, pointer: string, value: unknown, op: 'add' | 'replace'): JsonPath {
  const {parent, key, path} = parentOf(doc, pointerToPath(pointer), op, pointer)
  if (Array.isArray(parent)) {
    const i = index(parent, key, op, pointer, op === 'add')
    if (op === 'add') parent.splice(i, 0, value)
    else parent[i] = value
    return [...path, i]
  }
  parent[key] = value
  return [...path, key]
}

/** Applies the operations to the resource in place, recording where written values came from. */
export function applyJsonPatch(res: KResource, ops: JsonPatchOp[], ref?: DocRef): void {
  const doc = res.obj as unknown
  for (const o of ops) {
    if (pointerToPath(o.path).length === 0) throw new JsonPatchError(`${o.op} of the whole document is not supported`)
    let written: JsonPath | undefined
    let value: unknown
    switch (o.op) {
      case 'add':
      case 'replace':
        value = structuredClone(o.value)
        written = put(doc, o.path, value, o.op)
        if (ref) res.prov.setSubtree(written, ref, [o.index, 'value'], value)
        break
      case 'remove':
        remove(doc, o.path, 'remove')
        break
      case 'move':
        value = remove(doc, o.from ?? '', 'move')
        put(doc, o.path, value, 'add')
        break
      case 'copy':
        value = structuredClone(get(doc, o.from ?? '', 'copy'))
        put(doc, o.path, value, 'add')
        break
      case 'test':
        if (!deepEqual(get(doc, o.path, 'test'), o.value)) {
          throw new JsonPatchError(`testing value ${o.path} failed: test failed`)
        }
        break
      default:
        throw new JsonPatchError(`unexpected kind of operation: ${JSON.stringify(o.op)}`)
    }
  }
}
