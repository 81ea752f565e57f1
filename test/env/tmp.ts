// Temporary directories for keys, data dirs and kubeconfigs; all removed when the harness stops (or the process exits).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

const dirs = new Set<string>()

export function makeTmpDir(label: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `kubectl-mesh-${label}-`))
  fs.chmodSync(dir, 0o700) // throw-away keys live here
  dirs.add(dir)
  return dir
}

export function writePrivate(dir: string, name: string, content: string): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, content, {mode: 0o600})
  return file
}

export function removeTmpDir(dir: string): void {
  fs.rmSync(dir, {recursive: true, force: true})
  dirs.delete(dir)
}

export function removeAllTmpDirs(): void {
  for (const dir of dirs) removeTmpDir(dir)
}
