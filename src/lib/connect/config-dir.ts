// --config-dir: read an agent-style directory (a copy of /var/lib/cilium/clustermesh/) into memory.
// Only regular files directly inside it; a symlink counts only when it resolves inside the directory
// (a mounted Secret's files are links into its ..data/), so nothing outside DIR is ever read.
import fs from 'node:fs'
import path from 'node:path'
import {UsageError} from '../cli/errors.js'
import type {ConfigFiles} from './peer-configs.js'

const MAX_FILE_BYTES = 1024 * 1024 // an etcd config or a PEM file is a few KiB

export function readConfigDir(dir: string): {files: ConfigFiles; skipped: string[]} {
  let root: string
  try {
    root = fs.realpathSync(dir)
    if (!fs.statSync(root).isDirectory()) throw new UsageError(`--config-dir: ${dir} is not a directory`)
  } catch (error) {
    if (error instanceof UsageError) throw error
    throw new UsageError(`--config-dir: cannot read ${dir} (${(error as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  const files = new Map<string, Buffer>()
  const skipped: string[] = []
  for (const name of fs.readdirSync(root).sort()) {
    const full = path.join(root, name)
    let real: string
    let stat: fs.Stats
    try {
      real = fs.realpathSync(full)
      stat = fs.statSync(real)
    } catch {
      skipped.push(`${name}: dangling link`)
      continue
    }
    if (stat.isDirectory()) continue
    if (!real.startsWith(root + path.sep)) {
      skipped.push(`${name}: points outside the directory`)
      continue
    }
    if (!stat.isFile()) continue
    if (stat.size > MAX_FILE_BYTES) {
      skipped.push(`${name}: larger than 1 MiB`)
      continue
    }
    files.set(name, fs.readFileSync(real))
  }
  return {files, skipped}
}
