// Where each field of a rendered object came from: the document it was read from, plus positions
// recorded by later steps (patches, generators, transformers) for the fields they wrote.
import {findNode, posAt} from './repo/locate.js'
import type {YamlDoc} from './repo/yaml-file.js'
import type {JsonPath, SourcePos} from './types.js'

/** A YAML document (or a part of one) whose node at `prefix + path` holds the object's field `path`. */
export interface DocRef {
  doc: YamlDoc
  prefix: JsonPath
  /** Maps positions of a document embedded in a string (an inline patch) to the outer file. */
  map?: (pos: SourcePos) => SourcePos
}

export const pathKey = (path: JsonPath): string => JSON.stringify(path)

export class Provenance {
  constructor(
    readonly source: SourcePos,
    readonly base?: DocRef,
    private overrides?: Map<string, SourcePos>,
  ) {}

  /** Records that a later step wrote the field at `path`. */
  set(path: JsonPath, pos: SourcePos): void {
    ;(this.overrides ??= new Map()).set(pathKey(path), pos)
  }

  /** Records every node of `ref` below `fromPath` as the origin of the object's fields below `toPath`. */
  setSubtree(toPath: JsonPath, ref: DocRef, fromPath: JsonPath, value: unknown): void {
    const pos = docPos(ref, fromPath)
    if (pos) this.set(toPath, pos)
    if (Array.isArray(value)) value.forEach((v, i) => this.setSubtree([...toPath, i], ref, [...fromPath, i], v))
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) this.setSubtree([...toPath, k], ref, [...fromPath, k], v)
    }
  }

  /** The field's position, or the closest enclosing field that has one; the later writer wins a tie. */
  locate(path: JsonPath): SourcePos | undefined {
    let best: SourcePos | undefined
    let bestDepth = -1
    if (this.overrides) {
      for (let i = path.length; i >= 0; i--) {
        const hit = this.overrides.get(pathKey(path.slice(0, i)))
        if (hit) {
          best = hit
          bestDepth = i
          break
        }
      }
    }
    if (this.base && bestDepth < path.length) {
      const hit = findNode(this.base.doc, [...this.base.prefix, ...path])
      const depth = hit ? hit.depth - this.base.prefix.length : -1
      if (hit && depth > bestDepth) {
        const pos = posAt(this.base.doc, hit.offset)
        best = this.base.map ? this.base.map(pos) : pos
      }
    }
    return best ?? this.source
  }

  /** The field's own position, only when it is known exactly. */
  locateExact(path: JsonPath): SourcePos | undefined {
    const hit = this.overrides?.get(pathKey(path))
    if (hit) return hit
    if (!this.base) return undefined
    // A field written by a later step shadows the document below it.
    for (let i = path.length - 1; i >= 0; i--) if (this.overrides?.has(pathKey(path.slice(0, i)))) return undefined
    return docPos(this.base, path)
  }

  clone(): Provenance {
    return new Provenance(this.source, this.base, this.overrides ? new Map(this.overrides) : undefined)
  }
}

/** Position of `path` inside a document reference, only when the exact node exists. */
export function docPos(ref: DocRef, path: JsonPath): SourcePos | undefined {
  const full = [...ref.prefix, ...path]
  const hit = findNode(ref.doc, full)
  if (!hit || hit.depth !== full.length) return undefined
  const pos = posAt(ref.doc, hit.offset)
  return ref.map ? ref.map(pos) : pos
}
