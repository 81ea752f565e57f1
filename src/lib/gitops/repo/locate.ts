// Finds the YAML node behind a JSON path, so findings can name file:line:column.
import {isMap, isScalar, isSeq, type Node, type Pair} from 'yaml'
import type {JsonPath, SourcePos} from '../types.js'
import type {YamlDoc} from './yaml-file.js'

export interface NodeHit {
  /** How many path segments matched (the hit is for path.slice(0, depth)). */
  depth: number
  node: Node | null
  /** Offset of the value (or of the key when the value is empty). */
  offset: number
}

/** Walks as deep as the document allows along `path`. */
export function findNode(doc: YamlDoc, path: JsonPath): NodeHit | undefined {
  let node = doc.doc.contents as Node | null
  if (!node?.range) return undefined
  let hit: NodeHit = {depth: 0, node, offset: node.range[0]}
  for (const [i, seg] of path.entries()) {
    if (isMap(node)) {
      const pair = (node.items as Pair[]).find((p) => keyString(p.key) === String(seg))
      if (!pair) break
      const value = pair.value as Node | null
      const keyNode = pair.key as Node | null
      const offset = value?.range && !(isScalar(value) && value.value === null) ? value.range[0] : keyNode?.range?.[0]
      if (offset === undefined) break
      node = value
      hit = {depth: i + 1, node, offset}
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined
      if (!item?.range) break
      node = item
      hit = {depth: i + 1, node, offset: item.range[0]}
    } else break
  }
  return hit
}

export function keyString(key: unknown): string | undefined {
  if (isScalar(key)) return key.value === null ? '' : String(key.value)
  if (typeof key === 'string') return key
  return undefined
}

export function posAt(doc: YamlDoc, offset: number): SourcePos {
  const {line, col} = doc.lines.linePos(offset)
  return {file: doc.file, line, column: col}
}

/** Position of the field at `path`, or of the closest enclosing field the document has. */
export function locateIn(doc: YamlDoc, path: JsonPath): {pos: SourcePos; depth: number} | undefined {
  const hit = findNode(doc, path)
  return hit ? {pos: posAt(doc, hit.offset), depth: hit.depth} : undefined
}
