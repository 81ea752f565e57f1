// One repository on disk: safe reads, each YAML file parsed once, file-level findings reported once.
import {FindingSink} from '../findings.js'
import type {SourcePos} from '../types.js'
import {isYamlName} from './paths.js'
import {type Problem, SafeFs, type SafeFsOptions} from './safe-fs.js'
import {parseYamlFile, type YamlFile} from './yaml-file.js'

export type LoadResult = {ok: true; file: YamlFile} | {ok: false; problem: Problem; detail: string}

/** Directories never scanned: VCS metadata, dependencies, and dot-directories such as .github. */
const SKIP_DIR = (name: string) => name.startsWith('.') || name === 'node_modules'

export class Repo {
  readonly fs: SafeFs
  readonly sink = new FindingSink()
  private readonly files = new Map<string, LoadResult>()
  private yamlList?: string[]

  constructor(readonly root: string, options: SafeFsOptions = {}) {
    this.fs = new SafeFs(root, options)
  }

  /**
   * Loads a YAML file. Unreadable, binary, oversized and unparsable files become CM001 here, once;
   * missing or escaping paths are left to the caller, which knows who referenced them (CM002).
   */
  load(rel: string): LoadResult {
    const cached = this.files.get(rel)
    if (cached) return cached
    const text = this.fs.readText(rel)
    let result: LoadResult
    if (!text.ok) {
      result = text
      if (text.problem === 'too-large' || text.problem === 'binary' || text.problem === 'unreadable') {
        this.sink.add({id: 'CM001', message: `cannot read ${rel}: ${text.detail}`, at: {file: rel, line: 1, column: 1}})
      }
    } else {
      const file = parseYamlFile(rel, text.text)
      if (file.error) this.sink.add({id: 'CM001', message: `${rel}: ${file.error.message}`, at: file.error.pos})
      result = {ok: true, file}
    }
    this.files.set(rel, result)
    return result
  }

  /** Every YAML file of the repository (sorted), found once; symlink loops and escapes become CM002. */
  yamlFiles(): string[] {
    if (this.yamlList) return this.yamlList
    const out: string[] = []
    const seenDirs = new Set<string>()
    const walk = (dir: string): void => {
      const r = this.fs.resolve(dir)
      if (!r.ok || r.kind !== 'dir' || seenDirs.has(r.real)) return
      seenDirs.add(r.real)
      for (const entry of this.fs.list(dir)) {
        const rel = dir === '' ? entry.name : `${dir}/${entry.name}`
        const child = this.fs.resolve(rel)
        if (!child.ok) {
          if (child.problem === 'loop' || child.problem === 'escape') this.reportPath(child.detail, {file: rel, line: 1, column: 1})
          continue
        }
        if (child.kind === 'dir') {
          if (!SKIP_DIR(entry.name)) walk(rel)
        } else if (isYamlName(entry.name)) out.push(rel)
      }
    }
    walk('')
    this.yamlList = out.sort()
    return out
  }

  reportPath(message: string, at: SourcePos): void {
    this.sink.add({id: 'CM002', message, at})
  }
}
