// Edits YAML files in place: yaml's Document API finds the nodes and their source ranges, and each edit
// replaces only the characters of the nodes it changes. Everything else in the file (comments, key order,
// quoting, blank lines, `---` markers) stays byte for byte, and the result is parsed again before use.
import {type Document, isMap, isPair, isScalar, isSeq, Lexer, LineCounter, type Node, parseAllDocuments, type Scalar, visit, type YAMLMap, type YAMLSeq} from 'yaml'

interface Edit {
  start: number
  end: number
  text: string
  /** Order of arrival: insertions at one offset keep it. */
  seq: number
}

export interface Located {
  node: Node
  /** True when the node is the key of a pair. */
  isKey: boolean
  doc: number
}

export class YamlEditError extends Error {}

export class YamlText {
  readonly docs: Document.Parsed[]
  readonly lines = new LineCounter()
  private readonly edits: Edit[] = []

  constructor(readonly path: string, readonly text: string) {
    this.docs = parseAllDocuments(text, {lineCounter: this.lines, keepSourceTokens: false}) as Document.Parsed[]
    const bad = this.docs.find((d) => d.errors.length > 0)
    if (bad) throw new YamlEditError(`${path}: ${bad.errors[0]!.message.split('\n')[0]}`)
  }

  offsetOf(line: number, column: number): number {
    const start = line === 1 ? 0 : this.lines.lineStarts[line - 1]
    if (start === undefined) throw new YamlEditError(`${this.path}: no line ${line}`)
    return start + column - 1
  }

  /** Every node starting at this 1-based position, outermost first. */
  nodesAt(line: number, column: number): Located[] {
    const offset = this.offsetOf(line, column)
    const out: Located[] = []
    this.docs.forEach((doc, i) =>
      visit(doc, (key, node) => {
        if ((isScalar(node) || isMap(node) || isSeq(node)) && node.range?.[0] === offset) out.push({node, isKey: key === 'key', doc: i})
      }),
    )
    return out
  }

  /** The value scalar (never a key) that starts at this position. */
  valueScalarAt(line: number, column: number): Scalar | undefined {
    return this.nodesAt(line, column).find((l) => isScalar(l.node) && !l.isKey)?.node as Scalar | undefined
  }

  /** The comments of the file with their offsets (from the lexer: its tokens are the source, less control marks). */
  comments(): {start: number; end: number; text: string}[] {
    const out: {start: number; end: number; text: string}[] = []
    let offset = 0
    for (const token of new Lexer().lex(this.text)) {
      if (token === '\x02' || token === '\x18' || token === '\x1f') continue
      if (token.startsWith('#') && this.text.startsWith(token, offset)) out.push({start: offset, end: offset + token.length, text: token})
      offset += token.length
    }
    return out
  }

  isEdited(node: Node): boolean {
    const [s, e] = node.range ?? [-1, -1]
    return this.edits.some((x) => x.start < e && s < x.end)
  }

  /** Whether an edit touches [start, end). */
  lineEdited(start: number, end: number): boolean {
    return this.edits.some((x) => x.start < end && start <= x.end && x.text !== this.text.slice(x.start, x.end))
  }

  replaceRange(start: number, end: number, text: string): void {
    if (this.edits.some((x) => x.start < end && start < x.end)) throw new YamlEditError(`${this.path}: two edits of the same text at ${start}`)
    this.edits.push({start, end, text, seq: this.edits.length})
  }

  insertAt(offset: number, text: string): void {
    this.edits.push({start: offset, end: offset, text, seq: this.edits.length})
  }

  /** Sets a scalar's value in the style it is written in (quotes stay quotes, numbers stay numbers). */
  setScalar(node: Scalar, value: string | number): void {
    const [start, end] = node.range!
    this.replaceRange(start, end, renderScalar(value, node.type))
  }

  /** End of the line a node ends on (before its newline, after any trailing comment). */
  lineEndAfter(node: Node): number {
    const end = node.range![1]
    // Block scalars end after their last newline: that newline ends their line.
    if (end > 0 && this.text[end - 1] === '\n') return end - 1
    const nl = this.text.indexOf('\n', end)
    return nl < 0 ? this.text.length : nl
  }

  columnOf(offset: number): number {
    return this.lines.linePos(offset).col - 1
  }

  /** Applies the edits; the result must still be valid YAML. */
  result(): string {
    let out = this.text
    for (const e of [...this.edits].sort((a, b) => b.start - a.start || b.end - a.end || b.seq - a.seq)) out = out.slice(0, e.start) + e.text + out.slice(e.end)
    const errors = parseAllDocuments(out).flatMap((d) => ('errors' in d ? d.errors : []))
    if (errors.length) throw new YamlEditError(`${this.path}: editing would break the YAML: ${errors[0]!.message.split('\n')[0]}`)
    return out
  }

  get changed(): boolean {
    return this.edits.length > 0
  }
}

const PLAIN_SAFE = /^[A-Za-z0-9_./@-][A-Za-z0-9_./@:, -]*$/

/** A scalar's text in a given style; a plain string that YAML would read as something else gets double quotes. */
export function renderScalar(value: string | number, type?: Scalar['type']): string {
  if (typeof value === 'number') return String(value)
  if (type === 'QUOTE_SINGLE') return `'${value.replaceAll("'", "''")}'`
  if (type === 'PLAIN' && PLAIN_SAFE.test(value) && !value.endsWith(' ') && readsAsString(value)) return value
  return JSON.stringify(value)
}

function readsAsString(text: string): boolean {
  const doc = parseAllDocuments(`x: ${text}`)[0] as Document.Parsed | undefined
  const v = doc?.errors.length ? undefined : (doc?.toJS() as {x?: unknown} | undefined)?.x
  return v === text
}

export function pairOf(map: YAMLMap, key: string): {key: Scalar; value: Node | null} | undefined {
  for (const item of map.items)
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return {key: item.key, value: item.value as Node | null}
  return undefined
}

/** Removes a `key: value` line of a block mapping (with the line's comment). */
export function removePair(t: YamlText, map: YAMLMap, key: string): void {
  const pair = pairOf(map, key)
  if (!pair) return
  const start = t.text.lastIndexOf('\n', pair.key.range![0] - 1) + 1
  t.replaceRange(start, Math.min(t.text.length, t.lineEndAfter(pair.value ?? pair.key) + 1), '')
}

/** Inserts `key: value` as a new line right after the pair of `afterKey` in a block mapping. */
export function insertPairAfter(t: YamlText, map: YAMLMap, afterKey: string, key: string, value: string, like?: Scalar['type']): void {
  const after = pairOf(map, afterKey)
  if (!after) throw new YamlEditError(`${t.path}: no key ${afterKey} to insert ${key} after`)
  const indent = ' '.repeat(t.columnOf(after.key.range![0]))
  t.insertAt(t.lineEndAfter(after.value ?? after.key), `\n${indent}${renderScalar(key, 'PLAIN')}: ${renderScalar(value, like)}`)
}

/** Removes one item of a block sequence, from its dash to the end of its last line. */
export function removeSeqItem(t: YamlText, seq: YAMLSeq, index: number): void {
  const item = seq.items[index] as Node | undefined
  if (!item?.range || seq.flow) throw new YamlEditError(`${t.path}: cannot remove item ${index}`)
  const start = t.text.lastIndexOf('\n', t.text.lastIndexOf('-', item.range[0])) + 1
  t.replaceRange(start, Math.min(t.text.length, t.lineEndAfter(item) + 1), '')
}

/**
 * Inserts an item into a sequence after item `index` (block or flow style). The item is YAML text whose later
 * lines are indented relative to the item, or, with `raw`, already at the file's columns (a copied item).
 */
export function insertSeqItem(t: YamlText, seq: YAMLSeq, index: number, itemText: string, options: {raw?: boolean} = {}): void {
  const after = seq.items[index] as Node | undefined
  if (!after?.range) throw new YamlEditError(`${t.path}: no item ${index} to insert after`)
  if (seq.flow) {
    t.insertAt(after.range[1], `, ${itemText}`)
    return
  }
  const dash = t.text.lastIndexOf('-', after.range[0])
  const col = t.columnOf(dash)
  const lines = itemText.split('\n')
  const body = options.raw ? itemText : lines.map((l, i) => (i === 0 ? l : `${' '.repeat(col + 2)}${l}`)).join('\n')
  t.insertAt(t.lineEndAfter(after), `\n${' '.repeat(col)}- ${body}`)
}
