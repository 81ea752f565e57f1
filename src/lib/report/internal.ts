// Internal errors: an exception inside a check or a command is a bug of ours, never a finding, a skip or a usage
// error. One line for the user with what to report; the stack only when KUBECTL_MESH_DEBUG is set; never secret
// material (an exception message may quote input: PEM blocks and long base64 runs are cut out).
import {HOMEPAGE} from '../meta.js'

export const ISSUES_URL = `${HOMEPAGE}/issues`
export const DEBUG_ENV = 'KUBECTL_MESH_DEBUG'

const MAX = 160

/** The first line of an exception's message, without anything that could be key or token material. */
export function safeMessage(error: unknown): string {
  const e = error as {name?: unknown; message?: unknown}
  const raw = typeof e?.message === 'string' ? e.message : String(error)
  const name = typeof e?.name === 'string' && e.name !== 'Error' ? `${e.name}: ` : ''
  const text = raw
    .replace(/-----BEGIN [^-]*-----[\s\S]*?(-----END [^-]*-----|$)/g, '[PEM redacted]')
    .replace(/[A-Za-z0-9+/_=-]{40,}/g, (run) => (/[A-Z]/.test(run) && /[a-z]/.test(run) && /\d/.test(run) ? '[redacted]' : run))
    .split('\n')[0]
    .trim()
  const line = `${name}${text}`
  return line.length > MAX ? `${line.slice(0, MAX - 1)}…` : line
}

/** For KUBECTL_MESH_DEBUG: the safe message and the stack frames (the raw message, which may quote input, is left out). */
export function safeStack(error: unknown): string {
  const stack = typeof (error as {stack?: unknown})?.stack === 'string' ? ((error as {stack: string}).stack) : ''
  const frames = stack.split('\n').filter((l) => /^\s+at /.test(l))
  return [safeMessage(error), ...frames].join('\n')
}

/** The reason carried by an `error` result. */
export const internalErrorReason = (id: string, error: unknown) => `internal error in ${id}: ${safeMessage(error)}`

/** The one line that asks the user to report a crash, naming what crashed (a check id or a command). */
export function reportHint(what: string): string {
  return `this is a bug in kubectl-mesh, not in your configuration: please report it with "${what}" at ${ISSUES_URL} (${DEBUG_ENV}=1 prints the stack)`
}
