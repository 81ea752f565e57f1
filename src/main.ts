// Runs oclif and turns every error into a one-line message and a contract exit code (2 for usage).
import {Config, Errors, flush, run} from '@oclif/core'
import {ExitWith, UsageError} from './lib/cli/errors.js'
import {EXIT} from './lib/report/build.js'

export interface MainOptions {
  development?: boolean
  /** A ready Config (the standalone binary builds one from an inlined package.json). */
  config?: Config
}

function exitCodeOf(error: unknown): number {
  if (error instanceof ExitWith) return error.exitCode
  if (error instanceof UsageError) return EXIT.usage
  if (error instanceof Errors.ExitError) return error.oclif.exit ?? EXIT.ok
  const oclifExit = (error as {oclif?: {exit?: number}}).oclif?.exit
  // oclif's own parse errors (bad flag, missing argument) are usage errors.
  if (error instanceof Errors.CLIError) return oclifExit === undefined || oclifExit === 1 ? EXIT.usage : oclifExit
  return EXIT.usage
}

function messageOf(error: unknown): string {
  if (error instanceof Errors.ExitError) return ''
  const e = error as Error
  if (e instanceof ExitWith) return e.message
  const text = (e?.message ?? String(error)).replace(/^Error: /, '')
  if (e instanceof UsageError || e instanceof Errors.CLIError) return `Error: ${text}`
  return `Error: ${text}${process.env.DEBUG ? `\n${e?.stack ?? ''}` : ''}`
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
