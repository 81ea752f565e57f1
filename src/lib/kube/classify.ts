// Turns what went wrong with one API request into a KubeFailure: a network error, or an HTTP answer.
import type {KubeFailure, UnreachableCause} from './result.js'

export interface RequestFacts {
  context: string
  server: string
  verb: string
  resource?: string
  namespace?: string
  name?: string
  timeoutMs: number
}

const TLS_CODE = /^(CERT_|UNABLE_TO_|DEPTH_ZERO|SELF_SIGNED|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH)/

export function networkCause(error: unknown): {cause: UnreachableCause; detail: string} {
  const e = error as NodeJS.ErrnoException & {cause?: NodeJS.ErrnoException}
  const code = e?.code ?? e?.cause?.code ?? ''
  if (e?.name === 'AbortError' || e?.name === 'TimeoutError' || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT') {
    return {cause: 'timeout', detail: 'timed out'}
  }
  if (code === 'ECONNREFUSED') return {cause: 'refused', detail: 'connection refused'}
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME') return {cause: 'dns', detail: `name not resolved (${code})`}
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_SOCKET') return {cause: 'reset', detail: `connection reset (${code})`}
  if (TLS_CODE.test(code)) return {cause: 'tls', detail: `TLS: ${firstLine(e.message)} (${code})`}
  return {cause: 'network', detail: code ? `${firstLine(e?.message)} (${code})` : firstLine(e?.message)}
}

export function unreachable(facts: RequestFacts, error: unknown): KubeFailure {
  const {cause, detail} = networkCause(error)
  const message =
    cause === 'timeout'
      ? `${facts.server} did not answer within ${facts.timeoutMs / 1000}s`
      : `cannot reach ${facts.server}: ${detail}`
  return {...base(facts), kind: 'unreachable', cause, message}
}

export function credentialsFailure(facts: RequestFacts, error: unknown): KubeFailure {
  return {...base(facts), kind: 'unauthorized', message: `cannot load the credentials of context "${facts.context}": ${firstLine((error as Error)?.message)}`}
}

export function httpFailure(facts: RequestFacts, status: number, body: unknown): KubeFailure {
  const serverMessage = statusMessage(body)
  const target = describeTarget(facts)
  if (status === 401) {
    return {...base(facts), kind: 'unauthorized', status, message: `${facts.server} rejected the credentials of context "${facts.context}" (401 Unauthorized)`}
  }
  if (status === 403) {
    return {...base(facts), kind: 'forbidden', status, message: serverMessage ?? `forbidden: cannot ${facts.verb} ${target}`}
  }
  if (status === 404) {
    return {...base(facts), kind: 'not-found', status, message: serverMessage ?? `${target} not found`}
  }
  return {...base(facts), kind: 'failed', status, message: `${facts.verb} ${target}: HTTP ${status}${serverMessage ? `: ${serverMessage}` : ''}`}
}

const base = (f: RequestFacts) => ({
  context: f.context,
  verb: f.verb,
  ...(f.resource === undefined ? {} : {resource: f.resource}),
  ...(f.namespace === undefined ? {} : {namespace: f.namespace}),
  ...(f.name === undefined ? {} : {name: f.name}),
})

function describeTarget(f: RequestFacts): string {
  const what = f.name ? `${f.resource ?? 'object'} "${f.name}"` : (f.resource ?? 'resource')
  return f.namespace ? `${what} in namespace "${f.namespace}"` : what
}

// A Kubernetes Status object's message, when the body is one.
function statusMessage(body: unknown): string | undefined {
  const b = body as {kind?: string; message?: unknown}
  return b?.kind === 'Status' && typeof b.message === 'string' && b.message !== '' ? firstLine(b.message) : undefined
}

const firstLine = (text: unknown): string => String(text ?? 'unknown error').split('\n')[0]
