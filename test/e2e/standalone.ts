// The end-to-end tier works on the standalone binary as a user installs it: a copy of dist/kubectl-mesh and
// dist/kubectl_complete-mesh in a temporary directory, far from the repository, put first on PATH.
import {execFileSync, spawnSync} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {findBinary, REPO_ROOT} from '../env/binaries.js'

export const DIST = path.join(REPO_ROOT, 'dist')
export const PINNED_NODE = path.join(REPO_ROOT, 'node_modules', '.bin', 'node')
export const PACKAGE = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {version: string; homepage: string}

// What the binary is made of: if any of it is newer than the binary, the binary is rebuilt first.
const INPUTS = ['src', 'docs/checks', 'package.json', 'scripts/package-sea.mjs', 'scripts/sea']

function newestMtime(p: string): number {
  const stat = fs.statSync(p, {throwIfNoEntry: false})
  if (!stat) return 0
  if (!stat.isDirectory()) return stat.mtimeMs
  return Math.max(stat.mtimeMs, ...fs.readdirSync(p).map((n) => newestMtime(path.join(p, n))))
}

let checked = false

/**
 * Builds dist/kubectl-mesh (npm run package, a few seconds) when it is missing or older than its sources;
 * once per test run, since a tree others are editing is always a little newer than any build.
 */
export function ensureBinary(): string {
  const binary = path.join(DIST, 'kubectl-mesh')
  if (checked) return binary
  checked = true
  const built = fs.statSync(binary, {throwIfNoEntry: false})?.mtimeMs ?? 0
  const sources = Math.max(...INPUTS.map((p) => newestMtime(path.join(REPO_ROOT, p))))
  if (built < sources) {
    console.log(`      building dist/kubectl-mesh (${built ? 'older than its sources' : 'missing'}): npm run package`)
    execFileSync(PINNED_NODE, [path.join(REPO_ROOT, 'scripts', 'package-sea.mjs')], {cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'], timeout: 600_000})
  }
  return binary
}

export interface Installed {
  dir: string
  binary: string
  companion: string
  /** A directory to use as HOME, so nothing of the user's is read or written. */
  home: string
  remove(): void
}

/** Copies the binary and its completion helper into a fresh directory, as a release tarball would put them. */
export function installCopy(): Installed {
  ensureBinary()
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-mesh-e2e-'))
  const dir = path.join(root, 'bin')
  const home = path.join(root, 'home')
  fs.mkdirSync(dir)
  fs.mkdirSync(home)
  for (const name of ['kubectl-mesh', 'kubectl_complete-mesh']) fs.copyFileSync(path.join(DIST, name), path.join(dir, name))
  return {
    dir,
    home,
    binary: path.join(dir, 'kubectl-mesh'),
    companion: path.join(dir, 'kubectl_complete-mesh'),
    remove: () => fs.rmSync(root, {recursive: true, force: true}),
  }
}

export interface Ran {
  status: number | null
  stdout: string
  stderr: string
}

export function run(command: string, args: string[], options: {env?: NodeJS.ProcessEnv; cwd?: string; input?: string} = {}): Ran {
  const result = spawnSync(command, args, {cwd: options.cwd ?? '/', env: options.env ?? {}, input: options.input, encoding: 'utf8', timeout: 60_000})
  if (result.error) throw result.error
  return {status: result.status, stdout: result.stdout, stderr: result.stderr}
}

/** kubectl from .testenv or PATH; outside CI a missing kubectl skips the suite with the reason printed. */
export function requireKubectl(ctx: Mocha.Context): string {
  const kubectl = findBinary('kubectl')
  if (kubectl) return kubectl
  if (process.env.CI) throw new Error('e2e: kubectl not found on PATH; CI must run the kubectl plugin tests')
  console.log('      skipped: kubectl not found on PATH')
  ctx.skip()
}

/** The Node the binary embeds: the pinned one it was copied from. */
export const pinnedNodeVersion = () => execFileSync(PINNED_NODE, ['--version'], {encoding: 'utf8'}).trim()

/** The commands a user sees at the top level (a topic once: `config:schema` is `config`), from the command map the binary is built from. */
export async function visibleCommands(): Promise<string[]> {
  const {COMMANDS} = await import('../../src/commands.js')
  const words = Object.entries(COMMANDS)
    .filter(([, command]) => !command.hidden)
    .map(([id]) => id.split(':')[0]!)
  return [...new Set(words)].sort()
}

/** "a\tb" lines and the ":N" directive of a Cobra completion answer. */
export function completionValues(stdout: string): {values: string[]; directive: string} {
  const lines = stdout.trimEnd().split('\n')
  return {directive: lines.pop() ?? '', values: lines.map((l) => l.split('\t')[0])}
}
