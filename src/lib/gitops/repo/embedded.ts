// Positions inside YAML that is itself a string of another YAML file (an inline `patch: |` block).
import {isScalar, type Node, Scalar} from 'yaml'
import type {JsonPath, SourcePos} from '../types.js'
import {findNode, posAt} from './locate.js'
import type {YamlDoc} from './yaml-file.js'

/**
 * Returns a function mapping positions in the scalar's text to the outer file. Block scalars (`|`, `>`) keep
 * line structure, so line n of the text is line n after the header, shifted by the block indentation; any
 * other scalar style maps everything to the scalar's start.
 */
export function embeddedMapper(doc: YamlDoc, path: JsonPath): (pos: SourcePos) => SourcePos {
  const hit = findNode(doc, path)
  const start = hit ? posAt(doc, hit.offset) : doc.start
  const node = hit?.depth === path.length ? (hit.node as Node | null) : null
  if (!node || !isScalar(node) || (node.type !== Scalar.BLOCK_LITERAL && node.type !== Scalar.BLOCK_FOLDED) || !node.range) {
    return () => start
  }
  const raw = doc.text.slice(node.range[0], node.range[1])
  const lines = raw.split('\n')
  const firstContent = lines.slice(1).find((l) => l.trim() !== '')
  const indent = firstContent ? firstContent.length - firstContent.trimStart().length : 0
  return (pos) => ({file: doc.file, line: start.line + pos.line, column: pos.column + indent})
}
