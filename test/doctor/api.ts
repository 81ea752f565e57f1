// Writing objects into a test kube-apiserver as kubectl and the controllers would: create or replace the object,
// then set .status through the status subresource (DaemonSet/Deployment/Pod/Service/Node/ExternalSecret status).
import type {Cluster} from '../env/index.js'

export const NS = 'kube-system'

type Obj = {metadata: {name: string; resourceVersion?: string; [k: string]: unknown}; status?: unknown; [k: string]: unknown}

async function must(what: string, answer: Promise<{status: number; body: unknown}>, ok: number[]): Promise<unknown> {
  const r = await answer
  if (!ok.includes(r.status)) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`)
  return r.body
}

/** Create, or replace what is there; then, when the object carries a status, write it as a controller would. */
export async function apply(cluster: Cluster, collection: string, object: Obj): Promise<void> {
  const path = `${collection}/${object.metadata.name}`
  const {status, ...spec} = object
  const existing = await cluster.request('GET', path)
  if (existing.status === 200) {
    const rv = (existing.body as Obj).metadata.resourceVersion
    await must(`replace ${path}`, cluster.request('PUT', path, {...spec, metadata: {...spec.metadata, resourceVersion: rv}}), [200])
  } else {
    await must(`create ${path}`, cluster.request('POST', collection, spec), [201])
  }
  if (status !== undefined) await setStatus(cluster, path, status)
}

export async function setStatus(cluster: Cluster, path: string, status: unknown): Promise<void> {
  const current = (await must(`get ${path}`, cluster.request('GET', path), [200])) as Obj
  await must(`status of ${path}`, cluster.request('PUT', `${path}/status`, {...current, status}), [200])
}

export async function remove(cluster: Cluster, path: string): Promise<void> {
  await must(`delete ${path}`, cluster.request('DELETE', path), [200, 202, 404])
}

export async function get(cluster: Cluster, path: string): Promise<Obj | undefined> {
  const r = await cluster.request('GET', path)
  return r.status === 200 ? (r.body as Obj) : undefined
}

export const core = (plural: string, ns = NS) => `/api/v1/namespaces/${ns}/${plural}`
export const apps = (plural: string, ns = NS) => `/apis/apps/v1/namespaces/${ns}/${plural}`
export const cilium = (plural: string, version = 'v2') => `/apis/cilium.io/${version}/${plural}`

export const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64')
