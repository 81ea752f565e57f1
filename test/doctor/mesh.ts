// One cluster of a ClusterMesh as the Cilium 1.18 chart and its controllers leave it: cilium-config, the agent
// DaemonSet and pods, nodes and CiliumNodes, the clustermesh-apiserver Deployment/pods/Service, an LB IP pool, the
// mesh Secrets (etcd configs per peer, chart style) and certificate Secrets, optionally an ExternalSecret and
// global Services. Every object goes through the real API (statuses through the status subresource).
import {type CertificateAuthority, type Cluster, issueCert} from '../env/index.js'
import {NS, apply, apps, b64, cilium, core} from './api.js'

export interface PeerSpec {
  name: string
  ip: string
  port?: number
}

export interface ClusterSpec {
  name: string // cilium cluster-name
  id: number | string
  maxConnected?: string
  version?: string
  /** Node i gets 10.<octet>.<i>.0/24 and the cluster pool is 10.<octet>.0.0/16. */
  podOctet: number
  lbIP: string
  kvstoremesh?: boolean
  peers: PeerSpec[]
  ca: CertificateAuthority
  agents?: number
  externalSecret?: boolean
  globalServices?: {name: string; ports: {name: string; port: number}[]; ready: number}[]
}

export const agentPod = (spec: ClusterSpec, i: number) => `cilium-${spec.name}-${i}`
export const apiserverPod = (spec: ClusterSpec) => `clustermesh-apiserver-${spec.name}-0`
export const LOCAL_KVSTOREMESH = 'https://clustermesh-apiserver.kube-system.svc:2379'

/** The chart's etcd config for one peer (templates/clustermesh-config/_helpers.tpl, with ips → host aliases). */
export function etcdConfig(endpoint: string, prefix = 'common-'): string {
  return [
    'endpoints:',
    `- ${endpoint}`,
    `trusted-ca-file: /var/lib/cilium/clustermesh/${prefix}etcd-client-ca.crt`,
    `key-file: /var/lib/cilium/clustermesh/${prefix}etcd-client.key`,
    `cert-file: /var/lib/cilium/clustermesh/${prefix}etcd-client.crt`,
    '',
  ].join('\n')
}

const peerEndpoint = (p: PeerSpec) => `https://${p.name}.mesh.cilium.io:${p.port ?? 2379}`
const aliases = (peers: PeerSpec[]) => peers.map((p) => ({ip: p.ip, hostnames: [`${p.name}.mesh.cilium.io`]}))

export function meshSecretData(spec: ClusterSpec, which: 'clustermesh' | 'kvstoremesh'): Record<string, string> {
  // With KVStoreMesh the agents' Secret points every peer at the local cache; KVStoreMesh's holds the real endpoints.
  const local = which === 'clustermesh' && spec.kvstoremesh
  return Object.fromEntries(spec.peers.map((p) => [p.name, b64(local ? etcdConfig(LOCAL_KVSTOREMESH, 'local-') : etcdConfig(peerEndpoint(p)))]))
}

const tlsSecret = (name: string, pair: {cert: string; key: string}, ca: string) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  type: 'kubernetes.io/tls',
  metadata: {name, namespace: NS},
  data: {'tls.crt': b64(pair.cert), 'tls.key': b64(pair.key), 'ca.crt': b64(ca)},
})

export async function certificateSecrets(spec: ClusterSpec, options: {remoteNotAfter?: Date} = {}) {
  const ca = spec.ca
  const year = new Date(Date.now() + 365 * 86_400_000)
  const server = await issueCert(ca, {
    cn: 'clustermesh-apiserver.cilium.io',
    dnsNames: ['clustermesh-apiserver.cilium.io', '*.mesh.cilium.io', 'clustermesh-apiserver.kube-system.svc'],
    ips: ['127.0.0.1', '::1'],
    usage: 'server',
    notAfter: year,
  })
  const remote = await issueCert(ca, {cn: 'remote', usage: 'client', notAfter: options.remoteNotAfter ?? year})
  const local = await issueCert(ca, {cn: `local-${spec.name}`, usage: 'client', notAfter: year})
  return [
    {apiVersion: 'v1', kind: 'Secret', metadata: {name: 'cilium-ca', namespace: NS}, data: {'ca.crt': b64(ca.cert), 'ca.key': b64(ca.key)}},
    tlsSecret('clustermesh-apiserver-server-cert', server, ca.cert),
    tlsSecret('clustermesh-apiserver-remote-cert', remote, ca.cert),
    ...(spec.kvstoremesh ? [tlsSecret('clustermesh-apiserver-local-cert', local, ca.cert)] : []),
  ]
}

const running = (name: string, image: string, ready = true) => ({
  name,
  ready,
  image,
  imageID: '',
  restartCount: ready ? 0 : 7,
  started: ready,
  state: ready ? {running: {startedAt: new Date().toISOString()}} : {waiting: {reason: 'CrashLoopBackOff', message: 'back-off 5m0s restarting failed container'}},
})

export function agentPodObject(spec: ClusterSpec, i: number, ready = true) {
  const image = `quay.io/cilium/cilium:${spec.version ?? 'v1.18.3'}`
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name: agentPod(spec, i), namespace: NS, labels: {'k8s-app': 'cilium'}},
    spec: {nodeName: `${spec.name}-node-${i}`, containers: [{name: 'cilium-agent', image}]},
    status: {
      phase: 'Running',
      conditions: [{type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: new Date().toISOString()}],
      containerStatuses: [running('cilium-agent', image, ready)],
    },
  }
}

/** ingressIP null: a LoadBalancer still pending. */
export function serviceObject(spec: ClusterSpec, ingressIP: string | null = spec.lbIP, pinned = spec.lbIP) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {name: 'clustermesh-apiserver', namespace: NS, labels: {'k8s-app': 'clustermesh-apiserver'}, annotations: {'lbipam.cilium.io/ips': pinned}},
    spec: {type: 'LoadBalancer', selector: {'k8s-app': 'clustermesh-apiserver'}, ports: [{name: 'apiserv', port: 2379, targetPort: 2379, protocol: 'TCP'}]},
    status: {loadBalancer: ingressIP ? {ingress: [{ip: ingressIP, ipMode: 'VIP'}]} : {}},
  }
}

export function configMap(spec: ClusterSpec) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {name: 'cilium-config', namespace: NS},
    data: {
      'cluster-name': spec.name,
      'cluster-id': String(spec.id),
      ...(spec.maxConnected ? {'max-connected-clusters': spec.maxConnected} : {}),
      ipam: 'cluster-pool',
      'cluster-pool-ipv4-cidr': `10.${spec.podOctet}.0.0/16`,
      'cluster-pool-ipv4-mask-size': '24',
      'routing-mode': 'tunnel',
      'tunnel-protocol': 'vxlan',
      'identity-allocation-mode': 'crd',
    },
  }
}

export function meshSecret(spec: ClusterSpec, which: 'clustermesh' | 'kvstoremesh', data = meshSecretData(spec, which)) {
  return {apiVersion: 'v1', kind: 'Secret', metadata: {name: `cilium-${which}`, namespace: NS}, data}
}

export async function seedMeshCluster(cluster: Cluster, spec: ClusterSpec): Promise<void> {
  const agents = spec.agents ?? 2
  const image = `quay.io/cilium/cilium:${spec.version ?? 'v1.18.3'}`
  await apply(cluster, core('configmaps'), configMap(spec))
  for (let i = 0; i < agents; i++) {
    const node = `${spec.name}-node-${i}`
    await apply(cluster, '/api/v1/nodes', {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {name: node},
      spec: {podCIDR: `10.${spec.podOctet}.${i}.0/24`, podCIDRs: [`10.${spec.podOctet}.${i}.0/24`]},
      status: {addresses: [{type: 'InternalIP', address: `127.0.${spec.podOctet}.${10 + i}`}, {type: 'Hostname', address: node}]},
    })
    await apply(cluster, cilium('ciliumnodes'), {
      apiVersion: 'cilium.io/v2',
      kind: 'CiliumNode',
      metadata: {name: node},
      spec: {addresses: [{type: 'InternalIP', ip: `127.0.${spec.podOctet}.${10 + i}`}], ipam: {podCIDRs: [`10.${spec.podOctet}.${i}.0/24`]}},
    })
    await apply(cluster, core('pods'), agentPodObject(spec, i))
  }
  await apply(cluster, apps('daemonsets'), {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: {name: 'cilium', namespace: NS, labels: {'k8s-app': 'cilium'}},
    spec: {
      selector: {matchLabels: {'k8s-app': 'cilium'}},
      template: {
        metadata: {labels: {'k8s-app': 'cilium'}},
        // The chart puts the peers' ips in the agents' host aliases unless KVStoreMesh dials them instead.
        spec: {containers: [{name: 'cilium-agent', image}], ...(spec.kvstoremesh ? {} : {hostAliases: aliases(spec.peers)})},
      },
    },
    status: {currentNumberScheduled: agents, desiredNumberScheduled: agents, numberMisscheduled: 0, numberReady: agents, updatedNumberScheduled: agents, numberAvailable: agents},
  })
  const apiserverImage = `quay.io/cilium/clustermesh-apiserver:${spec.version ?? 'v1.18.3'}`
  const containers = ['etcd', 'apiserver', ...(spec.kvstoremesh ? ['kvstoremesh'] : [])]
  await apply(cluster, apps('deployments'), {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name: 'clustermesh-apiserver', namespace: NS, labels: {'k8s-app': 'clustermesh-apiserver'}},
    spec: {
      replicas: 1,
      selector: {matchLabels: {'k8s-app': 'clustermesh-apiserver'}},
      template: {
        metadata: {labels: {'k8s-app': 'clustermesh-apiserver'}},
        spec: {containers: containers.map((name) => ({name, image: apiserverImage})), ...(spec.kvstoremesh ? {hostAliases: aliases(spec.peers)} : {})},
      },
    },
    status: {replicas: 1, readyReplicas: 1, availableReplicas: 1, updatedReplicas: 1},
  })
  await apply(cluster, core('pods'), {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {name: apiserverPod(spec), namespace: NS, labels: {'k8s-app': 'clustermesh-apiserver'}},
    spec: {nodeName: `${spec.name}-node-0`, containers: containers.map((name) => ({name, image: apiserverImage}))},
    status: {phase: 'Running', conditions: [{type: 'Ready', status: 'True'}], containerStatuses: containers.map((n) => running(n, apiserverImage))},
  })
  await apply(cluster, core('services'), serviceObject(spec))
  await apply(cluster, cilium('ciliumloadbalancerippools'), {
    apiVersion: 'cilium.io/v2',
    kind: 'CiliumLoadBalancerIPPool',
    metadata: {name: 'mesh'},
    spec: {blocks: [{cidr: `${spec.lbIP.split('.').slice(0, 3).join('.')}.0/24`}]},
  })
  await apply(cluster, core('secrets'), meshSecret(spec, 'clustermesh'))
  if (spec.kvstoremesh) await apply(cluster, core('secrets'), meshSecret(spec, 'kvstoremesh'))
  for (const s of await certificateSecrets(spec)) await apply(cluster, core('secrets'), s)
  if (spec.externalSecret) await apply(cluster, `/apis/external-secrets.io/v1/namespaces/${NS}/externalsecrets`, externalSecret(true))
  for (const svc of spec.globalServices ?? []) await globalService(cluster, svc)
}

export function externalSecret(ready: boolean, reason = ready ? 'SecretSynced' : 'SecretSyncedError', message = ready ? 'secret synced' : 'could not get secret data from provider') {
  return {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: {name: 'cilium-clustermesh', namespace: NS},
    spec: {secretStoreRef: {kind: 'ClusterSecretStore', name: 'onepassword'}, target: {name: 'cilium-clustermesh', creationPolicy: 'Owner'}, dataFrom: [{extract: {key: 'cilium-clustermesh'}}]},
    status: {conditions: [{type: 'Ready', status: ready ? 'True' : 'False', reason, message, lastTransitionTime: new Date().toISOString()}]},
  }
}

export async function globalService(cluster: Cluster, svc: {name: string; ports: {name: string; port: number}[]; ready: number}): Promise<void> {
  await apply(cluster, core('services', 'default'), {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {name: svc.name, namespace: 'default', annotations: {'service.cilium.io/global': 'true'}},
    spec: {selector: {app: svc.name}, ports: svc.ports.map((p) => ({...p, protocol: 'TCP', targetPort: p.port}))},
  })
  await apply(cluster, '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {name: `${svc.name}-abcde`, namespace: 'default', labels: {'kubernetes.io/service-name': svc.name}},
    addressType: 'IPv4',
    ports: svc.ports.map((p) => ({name: p.name, port: p.port, protocol: 'TCP'})),
    endpoints: Array.from({length: Math.max(1, svc.ready)}, (_, i) => ({addresses: [`10.250.0.${i + 1}`], conditions: {ready: i < svc.ready}})),
  })
}
