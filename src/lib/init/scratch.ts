// init --check: the plan is rendered in a private copy of the repository (in the system's temporary
// directory, removed afterwards), so the real lint pipeline can check the result without touching the
// repository. Only what the renderer reads is copied: files under the root, not hidden directories
// (.git) or node_modules; symlinks that stay inside the root are copied as the files they point to.
import {mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {SafeFs} from '../gitops/repo/safe-fs.js'
import {applyChanges} from './apply.js'
import type {FileChange} from './types.js'

const skipDir = (name: string) => (name.startsWith('.') && name !== '.') || name === 'node_modules'

function copyTree(fs: SafeFs, rel: string, into: string): void {
  for (const entry of fs.list(rel)) {
    const child = rel ? `${rel}/${entry.name}` : entry.name
    if (entry.kind === 'dir' && !skipDir(entry.name)) {
      mkdirSync(join(into, child), {recursive: true})
      copyTree(fs, child, into)
    } else if (entry.kind === 'file') {
      const text = fs.readText(child)
      if (text.ok) writeFileSync(join(into, child), text.text)
    }
  }
}

export interface Scratch {
  dir: string
  remove(): void
}

/** A copy of the repository with the changes applied. */
export async function scratchWithPlan(root: string, changes: FileChange[]): Promise<Scratch> {
  const dir = realpathSync.native(mkdtempSync(join(tmpdir(), 'kubectl-mesh-init-check-')))
  const remove = () => rmSync(dir, {recursive: true, force: true})
  try {
    copyTree(new SafeFs(root), '', dir)
    await applyChanges(dir, changes)
  } catch (error) {
    remove()
    throw error
  }
  return {dir, remove}
}
