// Runs the CLI from source as a user would (a real process, real exit code, real stdout/stderr).
import {spawnSync} from 'node:child_process'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const NODE = join(ROOT, 'node_modules', '.bin', 'node')

export interface CliRun {
  code: number | null
  stdout: string
  stderr: string
}

export function runCli(args: string[], options: {cwd?: string; env?: NodeJS.ProcessEnv; input?: string} = {}): CliRun {
  const r = spawnSync(NODE, ['--import', 'tsx', join(ROOT, 'bin', 'dev.js'), ...args], {
    cwd: options.cwd ?? ROOT,
    env: {PATH: process.env.PATH, HOME: process.env.HOME, ...options.env},
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 60_000,
  })
  return {code: r.status, stdout: r.stdout, stderr: r.stderr}
}
