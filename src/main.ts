// Runs oclif and turns every error into a one-line message and a contract exit code: 2 for usage errors, 4 for an
// unexpected exception (a bug of ours, never reported as the user's mistake).
import {Config, Errors, flush, run} from '@oclif/core'
import {EXIT} from './lib/report/build.js'
import {DEBUG_ENV, reportHint, safeMessage, safeStack} from './lib/report/internal.js'

export interface MainOptions {
  development?: boolean
  /** A ready Config (the standalone binary builds one from an inlined package.json). */
  config?: Config
}

type Tagged = Error & {exitCode?: unknown; oclif?: {exit?: number}}

export function exitCodeOf(error: unknown): number {
  const e = error as Tagged
  if (typeof e?.exitCode === 'number') return e.exitCode
  if (error instanceof Errors.ExitError) return error.oclif.exit ?? EXIT.ok
  // oclif's own parse errors (bad flag, missing argument) are usage errors.
  const oclifExit = e?.oclif?.exit
  if (error instanceof Errors.CLIError) return oclifExit === undefined || oclifExit === 1 ? EXIT.usage : oclifExit
  // Anything else escaped a command: an internal error, not a usage error.
  return EXIT.internal
}

export function messageOf(error: unknown, command = 'kubectl mesh', env: NodeJS.ProcessEnv = process.env): string {
  if (error instanceof Errors.ExitError) return ''
  const e = error as Tagged
  if (e?.name === 'ExitWith') return e.message
  const text = (e?.message ?? String(error)).replace(/^Error: /, '')
  if (e?.name === 'UsageError' || error instanceof Errors.CLIError) return `Error: ${text}`
  // Anything else is a bug of ours: one line (no secret material), what to report, the stack only on request.
  return `Error: internal error in ${command}: ${safeMessage(error)}; ${reportHint(command)}${env[DEBUG_ENV] ? `\n${safeStack(error)}` : ''}`
}

export async function main(argv: string[], root: string, options: MainOptions = {}): Promise<void> {
  if (options.development) process.env.NODE_ENV = 'development'
  let code: number = EXIT.ok
  try {
    await run(argv, options.config ?? root)
  } catch (error) {
    code = exitCodeOf(error)
    const command = ['kubectl mesh', ...argv.slice(0, 1).filter((a) => /^[a-z][a-z-]*$/.test(a))].join(' ')
    const message = messageOf(error, command)
    if (message) process.stderr.write(`${message}\n`)
  }
  await flush()
  process.exitCode = code
}
