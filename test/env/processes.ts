// Server processes the harness started: tracked by pid, their output kept (tail only) for error messages,
// and always stopped — by the tests' after hooks, and on process exit as a last resort.
import {type ChildProcess, spawn} from 'node:child_process'
import {removeAllTmpDirs} from './tmp.js'

const LOG_LINES = 300

export interface ServerProcess {
  readonly name: string
  readonly pid: number
  exited(): {code: number | null; signal: NodeJS.Signals | null} | undefined
  logTail(lines?: number): string
  stop(): Promise<void>
}

const running = new Map<number, {child: ChildProcess; server: ServerProcess}>()

export function spawnServer(name: string, binary: string, args: string[], env: NodeJS.ProcessEnv = {}): ServerProcess {
  installExitHooks()
  const child = spawn(binary, args, {stdio: ['ignore', 'pipe', 'pipe'], env: {...process.env, ...env}})
  const lines: string[] = []
  let exit: {code: number | null; signal: NodeJS.Signals | null} | undefined
  let spawnError: Error | undefined
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter((l) => l !== ''))
    if (lines.length > LOG_LINES) lines.splice(0, lines.length - LOG_LINES)
    if (process.env.TESTENV_VERBOSE) process.stderr.write(`[${name}] ${chunk}`)
  }
  child.stdout!.on('data', keep)
  child.stderr!.on('data', keep)
  const closed = new Promise<void>((resolve) => child.once('close', () => resolve()))
  child.once('exit', (code, signal) => {
    exit = {code, signal}
    running.delete(child.pid ?? -1)
  })
  child.once('error', (error) => {
    spawnError = error
    exit = {code: -1, signal: null}
  })

  const server: ServerProcess = {
    name,
    pid: child.pid ?? -1,
    exited: () => exit,
    logTail: (n = 25) => [...(spawnError ? [`spawn failed: ${spawnError.message}`] : []), ...lines.slice(-n)].join('\n'),
    async stop() {
      if (exit || child.pid === undefined) return
      child.kill('SIGTERM')
      const killer = setTimeout(() => child.kill('SIGKILL'), 5000)
      await closed
      clearTimeout(killer)
    },
  }
  if (child.pid !== undefined) running.set(child.pid, {child, server})
  return server
}

export async function stopAllServers(): Promise<void> {
  await Promise.all([...running.values()].map(({server}) => server.stop()))
}

// Polls until ready() is true; fails early with the log tail when the server dies, or at the deadline.
export async function waitReady(
  server: ServerProcess,
  what: string,
  ready: () => Promise<boolean>,
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const exit = server.exited()
    if (exit) throw startFailure(server, `${what}: ${server.name} exited (code ${exit.code}, signal ${exit.signal}) before it was ready`)
    if (await ready().catch(() => false)) return
    if (Date.now() > deadline) {
      await server.stop()
      throw startFailure(server, `${what}: ${server.name} not ready after ${timeoutMs / 1000}s`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
}

export function startFailure(server: ServerProcess, message: string): Error {
  return new Error(`${message}\n--- last lines of ${server.name}'s log ---\n${server.logTail()}`)
}

let hooked = false
function installExitHooks(): void {
  if (hooked) return
  hooked = true
  // Synchronous last resort: kill what is still running and remove the tmp dirs (they hold test keys).
  process.once('exit', () => {
    for (const {child} of running.values()) child.kill('SIGKILL')
    removeAllTmpDirs()
  })
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => process.exit(signal === 'SIGINT' ? 130 : 143))
  }
}
