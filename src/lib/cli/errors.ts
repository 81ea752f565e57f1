// Errors that end a run with a chosen exit code and a one-line message, never a stack trace.
import {EXIT} from '../report/build.js'

export class UsageError extends Error {
  readonly exitCode = EXIT.usage
}

export class ExitWith extends Error {
  constructor(readonly exitCode: number, message = '') {
    super(message)
  }
}
