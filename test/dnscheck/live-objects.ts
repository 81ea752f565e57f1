// What a Cilium cluster with ClusterMesh serves, seeded into a real kube-apiserver: cilium-config with the
// cluster-name, the clustermesh-apiserver Service with its load-balancer status, and LB-IPAM pools (CRD included).
import type {Cluster} from '../env/index.js'

const NS = '/api/v1/namespaces/kube-system'

async function must(what: string, r: Promise<{status: number; body: unknown}>, ok = [200, 201]): Promise<unknown> {
  const answer = await r
  if (!ok.includes(answer.status)) throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`)
  return answer.body
}

export async function putCiliumConfig(c: Cluster, clusterName: string): Promise<void> {
  await c.request('DELETE', `${NS}/configmaps/cilium-config`)
  await must('cilium-config', c.request('POST', `${NS}/configmaps`, {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {name: 'cilium-config', namespace: 'kube-system'},
    data: {'cluster-name': clusterName, 'cluster-id': '1'},
  }))
}

export interface ServiceShape {
  type?: 'LoadBalancer' | 'NodePort'
  /** status.loadBalancer.ingress[].ip */
  ingress?: string[]
  /** lbipam.cilium.io/ips */
  pinned?: string
  /** external-dns.alpha.kubernetes.io/hostname */
  hostname?: string
  nodePort?: number
}

/** (Re)creates kube-system/clustermesh-apiserver as the chart renders it, then sets its load-balancer status. */
export async function putService(c: Cluster, shape: ServiceShape): Promise<void> {
  const path = `${NS}/services/clustermesh-apiserver`
  const gone = await c.request('DELETE', path)
  if (gone.status === 200) await waitGone(c, path)
  const annotations = {
    ...(shape.pinned ? {'lbipam.cilium.io/ips': shape.pinned} : {}),
    ...(shape.hostname ? {'external-dns.alpha.kubernetes.io/hostname': shape.hostname} : {}),
  }
  const created = (await must('Service', c.request('POST', `${NS}/services`, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {name: 'clustermesh-apiserver', namespace: 'kube-system', labels: {'k8s-app': 'clustermesh-apiserver'}, annotations},
    spec: {
      type: shape.type ?? 'LoadBalancer',
      selector: {'k8s-app': 'clustermesh-apiserver'},
      ports: [{port: 2379, protocol: 'TCP', targetPort: 'apiserv', ...(shape.nodePort ? {nodePort: shape.nodePort} : {})}],
    },
  }))) as Record<string, unknown>
  if (!shape.ingress?.length) return
  // What the load-balancer controller (LB-IPAM) would write.
  const withStatus = {...created, status: {loadBalancer: {ingress: shape.ingress.map((ip) => ({ip}))}}}
  await must('Service status', c.request('PUT', `${path}/status`, withStatus))
}

async function waitGone(c: Cluster, path: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    if ((await c.request('GET', path)).status === 404) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`${path} was not deleted`)
}

/** The CiliumLoadBalancerIPPool CRD (cilium.io/v2, schema left open) and its discovery becoming available. */
export async function installPoolCrd(c: Cluster): Promise<void> {
  await must('CRD', c.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: {name: 'ciliumloadbalancerippools.cilium.io'},
    spec: {
      group: 'cilium.io',
      scope: 'Cluster',
      names: {kind: 'CiliumLoadBalancerIPPool', listKind: 'CiliumLoadBalancerIPPoolList', plural: 'ciliumloadbalancerippools', singular: 'ciliumloadbalancerippool'},
      versions: [{name: 'v2', served: true, storage: true, schema: {openAPIV3Schema: {type: 'object', 'x-kubernetes-preserve-unknown-fields': true}}}],
    },
  }))
  for (let i = 0; i < 100; i++) {
    const d = await c.request('GET', '/apis/cilium.io/v2')
    if (d.status === 200 && JSON.stringify(d.body).includes('CiliumLoadBalancerIPPool')) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error('the CiliumLoadBalancerIPPool CRD did not become available')
}

export async function putPool(c: Cluster, name: string, start: string, stop: string): Promise<void> {
  await must('pool', c.request('POST', '/apis/cilium.io/v2/ciliumloadbalancerippools', {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumLoadBalancerIPPool',
    metadata: {name},
    spec: {blocks: [{start, stop}]},
  }))
}

/**
 * kube-system/cilium-clustermesh as the chart (or an ExternalSecret) writes it: one etcd config per peer. The
 * certificate entries are placeholders: dns-check reads only the endpoints.
 */
export async function putMeshSecret(c: Cluster, endpoints: Record<string, string>): Promise<void> {
  await c.request('DELETE', `${NS}/secrets/cilium-clustermesh`)
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64')
  const data: Record<string, string> = {}
  for (const [peer, endpoint] of Object.entries(endpoints)) {
    data[peer] = b64(`endpoints:\n- ${endpoint}\ntrusted-ca-file: /var/lib/cilium/clustermesh/${peer}.etcd-client-ca.crt\n`)
    data[`${peer}.etcd-client-ca.crt`] = b64('placeholder, not a certificate')
  }
  await must('mesh Secret', c.request('POST', `${NS}/secrets`, {apiVersion: 'v1', kind: 'Secret', metadata: {name: 'cilium-clustermesh', namespace: 'kube-system'}, data}))
}

export async function deleteMeshSecret(c: Cluster): Promise<void> {
  await c.request('DELETE', `${NS}/secrets/cilium-clustermesh`)
}
