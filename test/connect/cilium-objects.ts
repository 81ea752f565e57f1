// The Cilium objects connect-check reads in a live cluster, shaped as the chart renders them (1.16-1.18):
// cilium-config, the mesh Secret, clustermesh-apiserver-remote-cert, the agent DaemonSet's projected
// clustermesh-secrets volume and hostAliases, and (KVStoreMesh) the clustermesh-apiserver Deployment.
import type {CertKeyPair, Cluster} from '../env/index.js'

const NS = 'kube-system'
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64')

const remoteCertItems = [
  {key: 'tls.key', path: 'common-etcd-client.key'},
  {key: 'tls.crt', path: 'common-etcd-client.crt'},
  {key: 'ca.crt', path: 'common-etcd-client-ca.crt'},
]

const meshVolume = (name: string, secret: string) => ({
  name,
  projected: {
    defaultMode: 0o400,
    sources: [{secret: {name: secret, optional: true}}, {secret: {name: 'clustermesh-apiserver-remote-cert', optional: true, items: remoteCertItems}}],
  },
})

async function send(cluster: Cluster, method: string, path: string, body?: unknown): Promise<void> {
  const r = await cluster.request(method, path, body)
  if (r.status >= 300 && !(method === 'POST' && r.status === 409)) throw new Error(`${cluster.name}: ${method} ${path}: HTTP ${r.status} ${JSON.stringify(r.body)}`)
}

export async function putObject(cluster: Cluster, plural: string, object: {metadata: {name: string}}, group = ''): Promise<void> {
  const base = group ? `/apis/${group}/namespaces/${NS}/${plural}` : `/api/v1/namespaces/${NS}/${plural}`
  const existing = await cluster.request('GET', `${base}/${object.metadata.name}`)
  if (existing.status === 200) {
    const resourceVersion = (existing.body as {metadata: {resourceVersion: string}}).metadata.resourceVersion
    await send(cluster, 'PUT', `${base}/${object.metadata.name}`, {...object, metadata: {...object.metadata, resourceVersion}})
  } else await send(cluster, 'POST', base, object)
}

export const deleteObject = (cluster: Cluster, plural: string, name: string, group = '') =>
  send(cluster, 'DELETE', `${group ? `/apis/${group}` : '/api/v1'}/namespaces/${NS}/${plural}/${name}`)

export async function ensureNamespace(cluster: Cluster): Promise<void> {
  await send(cluster, 'POST', '/api/v1/namespaces', {apiVersion: 'v1', kind: 'Namespace', metadata: {name: NS}})
}

export const ciliumConfig = (name: string, id: string) => ({apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'cilium-config', namespace: NS}, data: {'cluster-name': name, 'cluster-id': id}})

export const secret = (name: string, data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: {name, namespace: NS},
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])),
})

export const remoteCert = (client: CertKeyPair, caPem: string) => secret('clustermesh-apiserver-remote-cert', {'tls.crt': client.cert, 'tls.key': client.key, 'ca.crt': caPem})

export function agentDaemonSet(hostAliases: {ip: string; hostnames: string[]}[] = []) {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {name: 'cilium', namespace: NS, labels: {'k8s-app': 'cilium'}},
    spec: {
      selector: {matchLabels: {'k8s-app': 'cilium'}},
      template: {
        metadata: {labels: {'k8s-app': 'cilium'}},
        spec: {
          ...(hostAliases.length ? {hostAliases} : {}),
          containers: [{name: 'cilium-agent', image: 'quay.io/cilium/cilium:v1.18.0', volumeMounts: [{name: 'clustermesh-secrets', mountPath: '/var/lib/cilium/clustermesh', readOnly: true}]}],
          volumes: [meshVolume('clustermesh-secrets', 'cilium-clustermesh')],
        },
      },
    },
  }
}

export function kvstoremeshDeployment() {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name: 'clustermesh-apiserver', namespace: NS, labels: {'k8s-app': 'clustermesh-apiserver'}},
    spec: {
      selector: {matchLabels: {'k8s-app': 'clustermesh-apiserver'}},
      template: {
        metadata: {labels: {'k8s-app': 'clustermesh-apiserver'}},
        spec: {
          containers: [
            {name: 'etcd', image: 'quay.io/cilium/clustermesh-apiserver:v1.18.0'},
            {name: 'apiserver', image: 'quay.io/cilium/clustermesh-apiserver:v1.18.0'},
            {name: 'kvstoremesh', image: 'quay.io/cilium/clustermesh-apiserver:v1.18.0', volumeMounts: [{name: 'kvstoremesh-secrets', mountPath: '/var/lib/cilium/clustermesh', readOnly: true}]},
          ],
          volumes: [meshVolume('kvstoremesh-secrets', 'cilium-kvstoremesh')],
        },
      },
    },
  }
}
