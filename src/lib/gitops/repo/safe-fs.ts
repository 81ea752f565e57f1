// Reads files of one repository and nothing outside it: every path is resolved with realpath and
// must stay under the root, so `../` and symlinks cannot leak. Problems come back as values, never throws.
import {lstatSync, readdirSync, readFileSync, realpathSync, statSync} from 'node:fs'
import {join, sep} from 'node:path'
import {normaliseRel} from './paths.js'

export type Problem = 'missing' | 'escape' | 'loop' | 'unreadable' | 'too-large' | 'binary'

export type Resolved =
  | {ok: true; kind: 'file' | 'dir'; rel: string; real: string; size: number}
  | {ok: false; problem: Problem; rel: string; detail: string}

export type TextResult = {ok: true; text: string} | {ok: false; problem: Problem; detail: string}

export interface DirEntry {
  name: string
  kind: 'file' | 'dir' | 'other'
}

export interface SafeFsOptions {
  /** Largest file read, in bytes (default 5 MiB). */
  maxFileBytes?: number
}

const DEFAULT_MAX = 5 * 1024 * 1024

export class SafeFs {
  readonly rootReal: string
  private readonly maxFileBytes: number
  private readonly resolved = new Map<string, Resolved>()
  private readonly texts = new Map<string, TextResult>()
  private readonly listings = new Map<string, DirEntry[]>()

  constructor(root: string, options: SafeFsOptions = {}) {
    this.rootReal = realpathSync.native(root)
    this.maxFileBytes = options.maxFileBytes ?? DEFAULT_MAX
  }

  /** Resolves a repository-relative path (already normalised or not). */
  resolve(relIn: string): Resolved {
    const rel = normaliseRel(relIn)
    if (rel === undefined) return {ok: false, problem: 'escape', rel: relIn, detail: `${relIn} resolves outside the repository`}
    const cached = this.resolved.get(rel)
    if (cached) return cached
    const result = this.resolveUncached(rel)
    this.resolved.set(rel, result)
    return result
  }

  private resolveUncached(rel: string): Resolved {
    const abs = rel === '' ? this.rootReal : join(this.rootReal, rel)
    let real: string
    try {
      real = realpathSync.native(abs)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'ELOOP') return {ok: false, problem: 'loop', rel, detail: `${rel} is a symlink loop`}
      if (code === 'ENOENT' || code === 'ENOTDIR') {
        const dangling = isSymlink(abs)
        return {ok: false, problem: 'missing', rel, detail: dangling ? `${rel} is a dangling symlink` : `${rel} does not exist`}
      }
      return {ok: false, problem: 'unreadable', rel, detail: `${rel}: ${code ?? (error as Error).message}`}
    }
    if (real !== this.rootReal && !real.startsWith(this.rootReal + sep)) {
      return {ok: false, problem: 'escape', rel, detail: `${rel} is a symlink to ${real}, outside the repository`}
    }
    try {
      const st = statSync(real)
      if (st.isDirectory()) return {ok: true, kind: 'dir', rel, real, size: 0}
      if (st.isFile()) return {ok: true, kind: 'file', rel, real, size: st.size}
      return {ok: false, problem: 'unreadable', rel, detail: `${rel} is not a regular file or directory`}
    } catch (error) {
      return {ok: false, problem: 'unreadable', rel, detail: `${rel}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`}
    }
  }

  /** Reads a UTF-8 text file; refuses directories, binaries and files over the size cap. */
  readText(relIn: string): TextResult {
    const r = this.resolve(relIn)
    if (!r.ok) return r
    const cached = this.texts.get(r.rel)
    if (cached) return cached
    const result = this.readUncached(r)
    this.texts.set(r.rel, result)
    return result
  }

  private readUncached(r: Extract<Resolved, {ok: true}>): TextResult {
    if (r.kind !== 'file') return {ok: false, problem: 'unreadable', detail: `${r.rel} is a directory, not a file`}
    if (r.size > this.maxFileBytes) {
      return {ok: false, problem: 'too-large', detail: `${r.rel} is ${r.size} bytes, over the ${this.maxFileBytes}-byte limit`}
    }
    let buf: Buffer
    try {
      buf = readFileSync(r.real)
    } catch (error) {
      return {ok: false, problem: 'unreadable', detail: `${r.rel}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`}
    }
    // A NUL byte in the first block is how git and grep tell binary files apart.
    if (buf.subarray(0, 8000).includes(0)) return {ok: false, problem: 'binary', detail: `${r.rel} is a binary file`}
    let text = buf.toString('utf8')
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
    return {ok: true, text}
  }

  /** Lists a directory, sorted by name like Go's filepath.Walk; symlinks are followed only inside the root. */
  list(relIn: string): DirEntry[] {
    const r = this.resolve(relIn)
    if (!r.ok || r.kind !== 'dir') return []
    const cached = this.listings.get(r.rel)
    if (cached) return cached
    let names: string[]
    try {
      names = readdirSync(r.real).sort()
    } catch {
      names = []
    }
    const entries = names.map((name): DirEntry => {
      const child = this.resolve(r.rel === '' ? name : `${r.rel}/${name}`)
      return {name, kind: child.ok ? child.kind : 'other'}
    })
    this.listings.set(r.rel, entries)
    return entries
  }
}

function isSymlink(abs: string): boolean {
  try {
    return lstatSync(abs).isSymbolicLink()
  } catch {
    return false
  }
}
