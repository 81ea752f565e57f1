// The applier: writes a plan so that an interruption leaves nothing half-written. Every file first goes to a
// temporary file next to its target (new directories are created and remembered); only when all are written
// are they renamed into place, in one synchronous step that no signal handler can cut in two. Ctrl-C before
// that removes the temporary files and the new directories. Nothing outside the repository is touched: every
// target's directories must resolve inside the root, and no target may be a symlink.
import {randomBytes} from 'node:crypto'
import {closeSync, fsyncSync, lstatSync, mkdirSync, openSync, readFileSync, realpathSync, renameSync, rmdirSync, statSync, unlinkSync, writeSync} from 'node:fs'
import {dirname, join, sep} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {UsageError} from '../cli/errors.js'
import {normaliseRel} from '../gitops/repo/paths.js'
import type {FileChange} from './types.js'

export class InterruptedError extends Error {
  override readonly name = 'InterruptedError'
}

export interface ApplyOptions {
  signal?: AbortSignal
  /** Pause after each temporary file (tests use it to interrupt a run while it writes). */
  pauseMs?: number
}

interface Staged {
  target: string
  temp: string
  change: FileChange
}

const exists = (p: string) => {
  try {
    lstatSync(p)
    return true
  } catch {
    return false
  }
}

/** Checks one target and returns the directories that must be created for it (outermost first). */
function checkTarget(rootReal: string, change: FileChange): {abs: string; missing: string[]} {
  const rel = normaliseRel(change.path)
  if (rel === undefined || rel === '') throw new UsageError(`refusing to write ${change.path}: outside the repository`)
  const inside = (p: string) => p === rootReal || p.startsWith(rootReal + sep)
  const parts = rel.split('/')
  const missing: string[] = []
  let dir = rootReal
  for (const part of parts.slice(0, -1)) {
    dir = join(dir, part)
    if (!exists(dir)) {
      missing.push(dir)
      continue
    }
    if (missing.length) throw new UsageError(`refusing to write ${change.path}: ${dir} appeared inside a missing directory`)
    const real = realpathSync.native(dir)
    if (!inside(real)) throw new UsageError(`refusing to write ${change.path}: ${dir} is a symlink to ${real}, outside the repository`)
    if (!statSync(real).isDirectory()) throw new UsageError(`refusing to write ${change.path}: ${dir} is not a directory`)
  }
  const abs = join(rootReal, ...parts)
  if (exists(abs)) {
    const st = lstatSync(abs)
    if (st.isSymbolicLink()) throw new UsageError(`refusing to write ${change.path}: it is a symlink (init only writes regular files)`)
    if (!st.isFile()) throw new UsageError(`refusing to write ${change.path}: it is not a regular file`)
    if (change.before === undefined) throw new UsageError(`${change.path} appeared since the plan was made; run init again`)
    if (readFileSync(abs, 'utf8').replace(/^\uFEFF/, '') !== change.before) throw new UsageError(`${change.path} changed since the plan was made; run init again`)
  } else if (change.before !== undefined) {
    throw new UsageError(`${change.path} disappeared since the plan was made; run init again`)
  }
  return {abs, missing}
}

function writeTemp(path: string, text: string, mode: number): void {
  const fd = openSync(path, 'wx', mode)
  try {
    writeSync(fd, text)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

function rollback(staged: Staged[], created: string[]): void {
  for (const s of staged) if (exists(s.temp)) unlinkSync(s.temp)
  for (const d of [...created].reverse()) {
    try {
      rmdirSync(d)
    } catch {
      // Not empty: something else wrote there meanwhile; leave it.
    }
  }
}

/** Writes every change, or none. Returns the paths written. */
export async function applyChanges(root: string, changes: FileChange[], options: ApplyOptions = {}): Promise<string[]> {
  const rootReal = realpathSync.native(root)
  const checked = changes.map((c) => ({change: c, ...checkTarget(rootReal, c)}))
  const staged: Staged[] = []
  const created: string[] = []
  try {
    for (const {change, abs, missing} of checked) {
      for (const d of missing)
        if (!exists(d)) {
          mkdirSync(d)
          created.push(d)
        }
      const temp = join(dirname(abs), `.${abs.slice(dirname(abs).length + 1)}.kubectl-mesh-${process.pid}-${randomBytes(4).toString('hex')}.tmp`)
      staged.push({target: abs, temp, change})
      writeTemp(temp, change.after, exists(abs) ? statSync(abs).mode & 0o777 : 0o644)
      if (options.pauseMs) await sleep(options.pauseMs)
      else await new Promise((r) => setImmediate(r))
      if (options.signal?.aborted) throw new InterruptedError('interrupted while writing')
    }
  } catch (error) {
    rollback(staged, created)
    throw error
  }
  // One synchronous block: signal handlers only run once it is done.
  for (const s of staged) renameSync(s.temp, s.target)
  return staged.map((s) => s.change.path)
}
