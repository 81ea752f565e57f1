// Where the real servers live: .testenv/ in the repo (npm run testenv), then PATH.
// Without them a test skips with the reason printed — except under CI, where a missing server is a failure.
import fs from 'node:fs'
import path from 'node:path'
import {fileURLToPath} from 'node:url'
import {ciliumCrdsInstalled, ciliumDir} from './cilium.js'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const TESTENV_BIN = path.join(REPO_ROOT, '.testenv')

export type ServerBinary = 'etcd' | 'kube-apiserver' | 'dnsmasq' | 'clustermesh-apiserver'
// What a suite may require: a server binary, or Cilium's CRDs (scripts/testenv-cilium.sh copies them from the module).
export type Requirement = ServerBinary | 'cilium-crds'

export function findBinary(name: string): string | undefined {
  // dnsmasq lives in /usr/sbin, which a non-root PATH may lack.
  // clustermesh-apiserver: only the one built from testenv/cilium/go.mod, never another on PATH.
  if (name === 'clustermesh-apiserver') return executable(path.join(ciliumDir(), name)) ? path.join(ciliumDir(), name) : undefined
  const dirs = [TESTENV_BIN, ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), '/usr/sbin', '/sbin']
  return dirs.map((dir) => path.join(dir, name)).find(executable)
}

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

export function binary(name: ServerBinary): string {
  const found = findBinary(name)
  if (!found) throw new Error(`testenv: ${name} not found in ${name === 'clustermesh-apiserver' ? ciliumDir() : `${TESTENV_BIN} or on PATH`}; run \`npm run testenv\``)
  return found
}

// For a mocha before() hook: skip the suite (printing why) when a server binary (or Cilium's CRDs) is missing,
// unless CI is set.
export function requireBinaries(ctx: Mocha.Context, names: Requirement[]): void {
  const missing = names.filter((name) => (name === 'cilium-crds' ? !ciliumCrdsInstalled() : !findBinary(name)))
  if (missing.length === 0) return
  const reason = `missing ${missing.join(', ')} (run \`npm run testenv\`)`
  if (process.env.CI) throw new Error(`testenv: ${reason}; CI must run the real-server tests`)
  console.log(`      skipped: ${reason}`)
  ctx.skip()
}
