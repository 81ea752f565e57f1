// --wait takes an optional value (--wait, --wait=2m), which oclif flags cannot express: a bare --wait is rewritten
// to --wait=<default> before parsing. "--wait 2m" stays two tokens (2m is then an unexpected argument: exit 2).
import {parseDuration} from '../cli/duration.js'

export const DEFAULT_WAIT = '5m'

export function normalizeWaitFlag(argv: readonly string[]): string[] {
  const end = argv.indexOf('--')
  return argv.map((arg, i) => (arg === '--wait' && (end < 0 || i < end) ? `--wait=${DEFAULT_WAIT}` : arg))
}

export const waitMs = (value: string | undefined): number | undefined => (value === undefined ? undefined : parseDuration(value, 'wait'))
