// Runs oclif and turns every error into a one-line message and a contract exit code (2 for usage).
import {Config, Errors, flush, run} from '@oclif/core'
import {EXIT} from './lib/report/build.js'

export interface MainOptions {
  development?: boolean
  /** A ready Config (the standalone binary builds one from an inlined package.json). */
  config?: Config
}

type Tagged = Error & {exitCode?: unknown; oclif?: {exit?: number}}

function exitCodeOf(error: unknown): number {
  const e = error as Tagged
  if (typeof e?.exitCode === 'number') return e.exitCode
  if (error instanceof Errors.ExitError) return error.oclif.exit ?? EXIT.ok
  // oclif's own parse errors (bad flag, missing argument) are usage errors.
  const oclifExit = e?.oclif?.exit
  if (error instanceof Errors.CLIError) return oclifExit === undefined || oclifExit === 1 ? EXIT.usage : oclifExit
  return EXIT.usage
}

function messageOf(error: unknown): string {
  if (error instanceof Errors.ExitError) return ''
  const e = error as Tagged
  if (e?.name === 'ExitWith') return e.message
  const text = (e?.message ?? String(error)).replace(/^Error: /, '')
  if (e?.name === 'UsageError' || error instanceof Errors.CLIError) return `Error: ${text}`
  // Anything else is a bug of ours: one line, the stack only with DEBUG set.
  return `Error: internal error: ${text}${process.env.DEBUG ? `\n${e?.stack ?? ''}` : ' (set DEBUG=1 for details)'}`
}

export async function main(argv: string[], root: string, options: MainOptions = {}): Promise<void> {
  if (options.development) process.env.NODE_ENV = 'development'
  let code: number = EXIT.ok
  try {
    await run(argv, options.config ?? root)
  } catch (error) {
    code = exitCodeOf(error)
    const message = messageOf(error)
    if (message) process.stderr.write(`${message}\n`)
  }
  await flush()
  process.exitCode = code
}
