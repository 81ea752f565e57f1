// Errors that end a run with a chosen exit code and a one-line message, never a stack trace.
// Recognised by name and exitCode, not instanceof: dev (src) and built (dist) copies of this module may meet.
import {EXIT} from '../report/build.js'

export class UsageError extends Error {
  override readonly name = 'UsageError'
  readonly exitCode: number = EXIT.usage
}

/** Ends the run with this code; the message (if any) is printed as is. */
export class ExitWith extends Error {
  override readonly name = 'ExitWith'
  constructor(readonly exitCode: number, message = '') {
    super(message)
  }
}
