// What a read against a cluster returns: a value, or a failure a check can reason about. Never a raw error.

export type KubeFailureKind =
  | 'unreachable' // no HTTP answer: refused, timeout, DNS, TLS, reset
  | 'unauthorized' // 401, or credentials that could not be produced (exec plugin, missing cert file)
  | 'forbidden' // 403: RBAC said no; verb and resource name what was refused
  | 'not-found' // 404: the object, or the API group/version, does not exist
  | 'failed' // any other answer (5xx, 409, malformed body)

export type UnreachableCause = 'timeout' | 'refused' | 'dns' | 'tls' | 'reset' | 'network'

export interface KubeFailure {
  kind: KubeFailureKind
  context: string
  message: string // one line, fit for a finding; never holds credentials
  verb?: string // RBAC verb: get, list, create, delete
  resource?: string // plural resource, with group when not core: "deployments.apps"
  namespace?: string
  name?: string
  status?: number // HTTP status when there was an answer
  cause?: UnreachableCause
}

export type KubeResult<T> = {ok: true; value: T} | {ok: false; error: KubeFailure}

export const ok = <T>(value: T): KubeResult<T> => ({ok: true, value})
export const fail = <T>(error: KubeFailure): KubeResult<T> => ({ok: false, error})

export interface KubeObject {
  apiVersion: string
  kind: string
  metadata: {name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [k: string]: unknown}
  [key: string]: unknown
}

export interface ObjectRef {
  apiVersion: string
  kind: string
  name: string
  namespace?: string
}

export interface ListQuery {
  apiVersion: string
  kind: string
  namespace?: string // omitted: all namespaces (or a cluster-scoped kind)
  labelSelector?: string
  fieldSelector?: string
}
