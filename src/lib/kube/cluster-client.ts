// One API server as seen through one kubeconfig context. Every call returns a KubeResult; a failure names
// the context, the verb and the resource, so a check can say "forbidden: cannot list services in kube-system".
import type {KubeConfig} from './client.js'
import {credentialsFailure, httpFailure, type RequestFacts, unreachable} from './classify.js'
import {CredentialsError, requestJson} from './http.js'
import {fail, type KubeObject, type KubeResult, type ListQuery, type ObjectRef, ok} from './result.js'

interface ApiResource {
  name: string // plural
  kind: string
  namespaced: boolean
}

export interface ResourceInfo {
  plural: string
  namespaced: boolean
  group: string
  version: string
  label: string // plural.group, as RBAC and kubectl name it
}

export interface ServerVersion {
  gitVersion: string
  major: string
  minor: string
  platform?: string
}

export class ClusterClient {
  private readonly discovery = new Map<string, Promise<KubeResult<ApiResource[]>>>()

  constructor(
    readonly context: string,
    readonly server: string,
    readonly namespace: string, // the context's namespace, "default" when unset
    readonly timeoutMs: number,
    private readonly kc: KubeConfig,
  ) {}

  async get<T extends KubeObject = KubeObject>(ref: ObjectRef): Promise<KubeResult<T>> {
    const info = await this.resource(ref.apiVersion, ref.kind, 'get')
    if (!info.ok) return info
    const namespace = info.value.namespaced ? (ref.namespace ?? this.namespace) : undefined
    const path = `${basePath(info.value)}${nsPath(namespace)}/${info.value.plural}/${encodeURIComponent(ref.name)}`
    return this.call<T>('GET', path, {verb: 'get', resource: info.value.label, namespace, name: ref.name})
  }

  async list<T extends KubeObject = KubeObject>(query: ListQuery): Promise<KubeResult<T[]>> {
    const info = await this.resource(query.apiVersion, query.kind, 'list')
    if (!info.ok) return info
    const namespace = info.value.namespaced ? query.namespace : undefined
    const params = new URLSearchParams()
    if (query.labelSelector) params.set('labelSelector', query.labelSelector)
    if (query.fieldSelector) params.set('fieldSelector', query.fieldSelector)
    const qs = params.size > 0 ? `?${params}` : ''
    const path = `${basePath(info.value)}${nsPath(namespace)}/${info.value.plural}${qs}`
    const answer = await this.call<{items?: T[]}>('GET', path, {verb: 'list', resource: info.value.label, namespace})
    if (!answer.ok) return answer
    // List items carry no apiVersion/kind of their own; give them back so each object stands alone.
    return ok((answer.value.items ?? []).map((item) => ({...item, apiVersion: query.apiVersion, kind: query.kind})))
  }

  async create<T extends KubeObject = KubeObject>(object: T): Promise<KubeResult<T>> {
    const info = await this.resource(object.apiVersion, object.kind, 'create')
    if (!info.ok) return info
    const namespace = info.value.namespaced ? (object.metadata.namespace ?? this.namespace) : undefined
    const path = `${basePath(info.value)}${nsPath(namespace)}/${info.value.plural}`
    return this.call<T>('POST', path, {verb: 'create', resource: info.value.label, namespace, name: object.metadata.name}, object)
  }

  async delete(ref: ObjectRef): Promise<KubeResult<void>> {
    const info = await this.resource(ref.apiVersion, ref.kind, 'delete')
    if (!info.ok) return info
    const namespace = info.value.namespaced ? (ref.namespace ?? this.namespace) : undefined
    const path = `${basePath(info.value)}${nsPath(namespace)}/${info.value.plural}/${encodeURIComponent(ref.name)}`
    const answer = await this.call('DELETE', path, {verb: 'delete', resource: info.value.label, namespace, name: ref.name})
    return answer.ok ? ok(undefined) : answer
  }

  serverVersion(): Promise<KubeResult<ServerVersion>> {
    return this.call<ServerVersion>('GET', '/version', {verb: 'get', resource: 'nonResourceURL /version'})
  }

  // Maps apiVersion + kind to its REST resource through discovery, once per group/version.
  async resource(apiVersion: string, kind: string, verb: string): Promise<KubeResult<ResourceInfo>> {
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/', 2) : ['', apiVersion]
    const discoveryPath = group === '' ? `/api/${version}` : `/apis/${group}/${version}`
    let pending = this.discovery.get(apiVersion)
    if (!pending) {
      pending = this.call<{resources?: ApiResource[]}>('GET', discoveryPath, {verb: 'get', resource: `nonResourceURL ${discoveryPath}`}).then(
        (r) => (r.ok ? ok(r.value.resources ?? []) : r),
      )
      this.discovery.set(apiVersion, pending)
      // A failed discovery (timeout, say) may succeed later: do not cache it.
      pending.then((r) => r.ok || this.discovery.delete(apiVersion))
    }
    const resources = await pending
    if (!resources.ok) {
      const error = {...resources.error, verb}
      if (error.kind === 'not-found') {
        error.resource = `${kind} (${apiVersion})`
        error.message = `${this.context}: the server does not serve ${apiVersion}`
      }
      return fail(error)
    }
    const found = resources.value.find((r) => r.kind === kind && !r.name.includes('/'))
    if (!found) {
      const resource = `${kind} (${apiVersion})`
      return fail({kind: 'not-found', context: this.context, verb, resource, message: `${this.context}: the server has no kind ${kind} in ${apiVersion}`})
    }
    const label = group === '' ? found.name : `${found.name}.${group}`
    return ok({plural: found.name, namespaced: found.namespaced, group, version, label})
  }

  private async call<T>(
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    what: Omit<RequestFacts, 'context' | 'server' | 'timeoutMs'>,
    body?: unknown,
  ): Promise<KubeResult<T>> {
    const facts: RequestFacts = {...what, context: this.context, server: this.server, timeoutMs: this.timeoutMs}
    try {
      const answer = await requestJson(this.kc, method, path, {body, timeoutMs: this.timeoutMs})
      if (answer.status >= 200 && answer.status < 300) return ok(answer.body as T)
      return fail(httpFailure(facts, answer.status, answer.body))
    } catch (error) {
      return fail(error instanceof CredentialsError ? credentialsFailure(facts, error) : unreachable(facts, error))
    }
  }
}

const basePath = (r: ResourceInfo) => (r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`)
const nsPath = (namespace?: string) => (namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '')
