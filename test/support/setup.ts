// oclif reads NODE_ENV to decide whether a stale dist/ may be used instead of src/.
process.env.NODE_ENV = 'test'

// Mocha runs without --exit: the run ends when the tests leave nothing open. Should a suite leak a server, socket,
// child process or timer, the process would wait for ever; instead, a few seconds after the last test, the handles
// still open are named on stderr and the run fails (exit 1). The timer is unref'd: it never keeps a clean run alive.
const GRACE_MS = 5000

function describeHandle(h: unknown): string {
  const x = h as {constructor?: {name?: string}; remoteAddress?: string; remotePort?: number; localPort?: number; address?: () => unknown; spawnargs?: string[]; _idleTimeout?: number; _onTimeout?: unknown}
  const name = x?.constructor?.name ?? typeof h
  if (name === 'Socket' || name === 'TLSSocket') return `${name} to ${x.remoteAddress ?? '?'}:${x.remotePort ?? '?'} (local port ${x.localPort ?? '?'})`
  if (name === 'Server') return `Server on ${JSON.stringify(x.address?.())}`
  if (name === 'ChildProcess') return `ChildProcess ${(x.spawnargs ?? []).join(' ').slice(0, 160)}`
  if (name === 'Timeout') return `Timeout of ${x._idleTimeout}ms: ${String(x._onTimeout).replace(/\s+/g, ' ').slice(0, 120)}`
  return name
}

export const mochaHooks = {
  afterAll() {
    setTimeout(() => {
      const proc = process as unknown as {_getActiveHandles(): unknown[]}
      const open = proc._getActiveHandles().filter((h) => h !== process.stdout && h !== process.stderr && h !== process.stdin)
      process.stderr.write(`\nThe tests left ${open.length} handle(s) open, so the run would never end:\n${open.map((h) => `  ${describeHandle(h)}`).join('\n')}\n`)
      // Mocha sets the exit code from its failures in an 'exit' listener; this one runs after it.
      process.on('exit', () => (process.exitCode = 1))
      process.exit(1)
    }, GRACE_MS).unref()
  },
}
