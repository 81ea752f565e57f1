// Parses one YAML file into documents that remember where every node came from.
// Kubernetes tooling (kyaml, sigs.k8s.io/yaml) reads YAML 1.2 with merge keys and refuses duplicate keys.
import {type Document, LineCounter, type Node, parseAllDocuments, visit} from 'yaml'
import type {SourcePos} from '../types.js'

export interface YamlDoc {
  file: string
  /** 0-based index of the document in its file. */
  index: number
  doc: Document.Parsed
  lines: LineCounter
  /** Plain data of the document (null for an empty document). */
  value: unknown
  start: SourcePos
  /** The whole file's text (shared), to find substrings such as `${VAR}` inside a scalar. */
  text: string
}

export interface YamlError {
  message: string
  pos: SourcePos
}

export interface YamlFile {
  path: string
  text: string
  docs: YamlDoc[]
  /** First problem in the file; builds that include the file cannot use it. */
  error?: YamlError
}

/** Aliases expanded per document before we call it an alias bomb (yaml's own default is 100). */
export const MAX_ALIAS_COUNT = 1000

export function parseYamlFile(path: string, text: string): YamlFile {
  const lines = new LineCounter()
  const pos = (offset: number): SourcePos => {
    const {line, col} = lines.linePos(offset)
    return {file: path, line, column: col}
  }
  let parsed: ReturnType<typeof parseAllDocuments>
  try {
    parsed = parseAllDocuments(text, {lineCounter: lines, merge: true, uniqueKeys: true, prettyErrors: false})
  } catch (error) {
    return {path, text, docs: [], error: {message: (error as Error).message, pos: {file: path, line: 1, column: 1}}}
  }
  const list = (Array.isArray(parsed) ? parsed : []) as Document.Parsed[]
  const docs: YamlDoc[] = []
  let error: YamlError | undefined
  for (const [index, doc] of list.entries()) {
    const first = doc.errors[0]
    if (first && !error) error = {message: firstLine(first.message), pos: pos(first.pos[0])}
    if (doc.errors.length > 0) continue
    let value: unknown
    try {
      value = doc.toJS({maxAliasCount: MAX_ALIAS_COUNT})
    } catch (e) {
      // yaml throws ReferenceError on alias bombs ("Excessive alias count ...") and on unresolved aliases.
      if (!error) error = {message: firstLine((e as Error).message), pos: pos(firstAliasOffset(doc) ?? doc.range[0])}
      continue
    }
    docs.push({file: path, index, doc, lines, value, start: pos(contentStart(doc)), text})
  }
  return {path, text, docs, ...(error ? {error} : {})}
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.trim()
}

function contentStart(doc: Document.Parsed): number {
  return (doc.contents as Node | null)?.range?.[0] ?? doc.range[0]
}

/** Offset of the first alias in a document, to point an alias-bomb finding at something useful. */
function firstAliasOffset(doc: Document.Parsed): number | undefined {
  let found: number | undefined
  visit(doc, {
    Alias(_key, node) {
      found = node.range?.[0]
      return visit.BREAK
    },
  })
  return found
}
