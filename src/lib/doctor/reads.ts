// Every read doctor makes in one cluster, all at once (each bounded by the context's request timeout).
// Exactly the reads docs/rbac.yaml grants: Secrets by name only, lists only where the role has list.
import type {KubeRead} from '../checks/catalogue.js'
import type {ClusterClient, KubeObject, KubeResult, ListQuery, ObjectRef} from '../kube/index.js'
import {mapLimit} from './pool.js'
import {parseCiliumConfig, parseDaemonSet, parseDeployment, parsePod} from './parse-workloads.js'
import {isGlobalService, MESH_SECRET_NAMES, parseCiliumNode, parseExternalSecret, parseLbPool, parseNode, parseService, readyEndpoints, servicePorts} from './parse-network.js'
import {certificateFrom, issuedBy, parseMeshSecret, type ParsedCertificate} from './parse-secrets.js'
import type {ClusterReads, GlobalServiceFacts, MeshCertificate} from './types.js'

/**
 * The object each read of readCluster is, in the words the checks declare their inputs with (catalogue.ts): a failed
 * read leaves skipped exactly the checks that declare it (CM301 says which). The global Services' EndpointSlices
 * are their own read ('EndpointSlice').
 */
export const READ_OBJECT: Record<keyof ClusterReads, KubeRead> = {
  config: 'ConfigMap/cilium-config',
  agents: 'DaemonSet/cilium',
  agentPods: 'Pod k8s-app=cilium',
  apiserver: 'Deployment/clustermesh-apiserver',
  apiserverPods: 'Pod k8s-app=clustermesh-apiserver',
  service: 'Service/clustermesh-apiserver',
  clustermeshSecret: 'Secret/cilium-clustermesh',
  kvstoremeshSecret: 'Secret/cilium-kvstoremesh',
  ca: 'Secret/cilium-ca',
  serverCert: 'Secret/clustermesh-apiserver-server-cert',
  remoteCert: 'Secret/clustermesh-apiserver-remote-cert',
  localCert: 'Secret/clustermesh-apiserver-local-cert',
  externalSecrets: 'ExternalSecret',
  nodes: 'Node',
  ciliumNodes: 'CiliumNode',
  lbPools: 'CiliumLoadBalancerIPPool',
  globalServices: 'Service',
}

const ok = <T>(value: T): KubeResult<T> => ({ok: true, value})
const map = <T, U>(r: KubeResult<T>, fn: (v: T) => U): KubeResult<U> => (r.ok ? ok(fn(r.value)) : r)

/** A missing object is a fact (undefined), not a failure. */
async function getOptional(client: ClusterClient, ref: ObjectRef): Promise<KubeResult<KubeObject | undefined>> {
  const r = await client.get(ref)
  return !r.ok && r.error.kind === 'not-found' ? ok(undefined) : r
}

/** A kind the server does not serve (its CRD is not installed) lists as empty; versions are tried in order. */
async function listServed(client: ClusterClient, versions: string[], query: Omit<ListQuery, 'apiVersion'>): Promise<KubeResult<KubeObject[]>> {
  for (const apiVersion of versions) {
    const r = await client.list({...query, apiVersion})
    if (r.ok || r.error.kind !== 'not-found') return r
  }
  return ok([])
}

const secret = (client: ClusterClient, namespace: string, name: string) => getOptional(client, {apiVersion: 'v1', kind: 'Secret', namespace, name})

export async function readCluster(client: ClusterClient, namespace: string): Promise<ClusterReads> {
  const ns = {namespace}
  const [config, daemonSets, pods, apiserver, service, cmSecret, kvSecret, caSecret, serverSecret, remoteSecret, localSecret, externalSecrets, nodes, ciliumNodes, lbPools, globalServices] =
    await Promise.all([
      getOptional(client, {apiVersion: 'v1', kind: 'ConfigMap', name: 'cilium-config', ...ns}),
      client.list({apiVersion: 'apps/v1', kind: 'DaemonSet', labelSelector: 'k8s-app=cilium', ...ns}),
      // One list for the agents and the clustermesh-apiserver replicas: fewer round trips.
      client.list({apiVersion: 'v1', kind: 'Pod', labelSelector: 'k8s-app in (cilium,clustermesh-apiserver)', ...ns}),
      getOptional(client, {apiVersion: 'apps/v1', kind: 'Deployment', name: 'clustermesh-apiserver', ...ns}),
      getOptional(client, {apiVersion: 'v1', kind: 'Service', name: 'clustermesh-apiserver', ...ns}),
      secret(client, namespace, 'cilium-clustermesh'),
      secret(client, namespace, 'cilium-kvstoremesh'),
      secret(client, namespace, 'cilium-ca'),
      secret(client, namespace, 'clustermesh-apiserver-server-cert'),
      secret(client, namespace, 'clustermesh-apiserver-remote-cert'),
      secret(client, namespace, 'clustermesh-apiserver-local-cert'),
      listServed(client, ['external-secrets.io/v1', 'external-secrets.io/v1beta1'], {kind: 'ExternalSecret', ...ns}),
      client.list({apiVersion: 'v1', kind: 'Node'}),
      listServed(client, ['cilium.io/v2'], {kind: 'CiliumNode'}),
      listServed(client, ['cilium.io/v2', 'cilium.io/v2alpha1'], {kind: 'CiliumLoadBalancerIPPool'}),
      readGlobalServices(client),
    ])

  const certs = readCertificates(caSecret, serverSecret, remoteSecret, localSecret)
  return {
    config: map(config, (cm) => cm && parseCiliumConfig(cm)),
    // The chart's DaemonSet is "cilium"; any other k8s-app=cilium DaemonSet is a fallback.
    agents: map(daemonSets, (list) => {
      const ds = list.find((d) => d.metadata.name === 'cilium') ?? list[0]
      return ds && parseDaemonSet(ds)
    }),
    agentPods: map(pods, (list) => list.filter((p) => p.metadata.labels?.['k8s-app'] === 'cilium').map(parsePod)),
    apiserver: map(apiserver, (d) => d && parseDeployment(d)),
    apiserverPods: map(pods, (list) => list.filter((p) => p.metadata.labels?.['k8s-app'] === 'clustermesh-apiserver').map(parsePod)),
    service: map(service, (s) => s && parseService(s)),
    clustermeshSecret: map(cmSecret, (s) => s && parseMeshSecret(s)),
    kvstoremeshSecret: map(kvSecret, (s) => s && parseMeshSecret(s)),
    ...certs,
    externalSecrets: map(externalSecrets, (list) => list.map(parseExternalSecret).filter((e) => MESH_SECRET_NAMES.includes(e.target))),
    nodes: map(nodes, (list) => list.map(parseNode)),
    ciliumNodes: map(ciliumNodes, (list) => list.map(parseCiliumNode)),
    lbPools: map(lbPools, (list) => list.map(parseLbPool)),
    globalServices,
  }
}

type SecretRead = KubeResult<KubeObject | undefined>

function readCertificates(ca: SecretRead, server: SecretRead, remote: SecretRead, local: SecretRead) {
  // cert-manager keeps the CA under tls.crt; the chart's own CA is ca.crt. Without cilium-ca (a cert-manager
  // issuer with another CA Secret), the CA the server certificate was issued with is the mesh CA.
  const parsedServer = server.ok && server.value ? certificateFrom(server.value, ['tls.crt']) : undefined
  let parsedCa: ParsedCertificate | undefined
  let caRead: KubeResult<MeshCertificate | undefined>
  if (!ca.ok) caRead = ca
  else if (ca.value) {
    parsedCa = certificateFrom(ca.value, ['ca.crt', 'tls.crt'])
    caRead = ok(parsedCa.facts)
  } else if (server.ok && server.value && typeof server.value.data === 'object' && (server.value.data as Record<string, unknown>)['ca.crt']) {
    parsedCa = certificateFrom(server.value, ['ca.crt'])
    caRead = ok(parsedCa.facts)
  } else caRead = ok(undefined)

  const leaf = (read: SecretRead, parsed?: ParsedCertificate): KubeResult<MeshCertificate | undefined> => {
    if (!read.ok) return read
    if (!read.value) return ok(undefined)
    const p = parsed ?? certificateFrom(read.value, ['tls.crt'])
    return ok({...p.facts, ...(p.x509 && parsedCa?.x509 ? {issuedByCa: issuedBy(p.x509, parsedCa.x509)} : {})})
  }
  return {ca: caRead, serverCert: leaf(server, parsedServer), remoteCert: leaf(remote), localCert: leaf(local)}
}

/** Services annotated global, in every namespace, with their ready endpoints (for CM408). */
async function readGlobalServices(client: ClusterClient): Promise<KubeResult<GlobalServiceFacts[]>> {
  const services = await client.list({apiVersion: 'v1', kind: 'Service'})
  if (!services.ok) return services
  const global = services.value.filter(isGlobalService)
  // Their EndpointSlices in a few lists (a set selector over the names), not one list per Service.
  const names = [...new Set(global.map((s) => s.metadata.name))]
  const chunks = Array.from({length: Math.ceil(names.length / 50)}, (_, i) => names.slice(i * 50, i * 50 + 50))
  const lists = await mapLimit(chunks, 4, (chunk) =>
    client.list({apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice', labelSelector: `kubernetes.io/service-name in (${chunk.join(',')})`}),
  )
  const failed = lists.find((l) => !l.ok)
  const slices = lists.flatMap((l) => (l.ok ? l.value : []))
  return ok(
    global.map((svc): GlobalServiceFacts => {
      const namespace = svc.metadata.namespace ?? 'default'
      const mine = slices.filter((s) => s.metadata.namespace === namespace && s.metadata.labels?.['kubernetes.io/service-name'] === svc.metadata.name)
      return {
        namespace,
        name: svc.metadata.name,
        ports: servicePorts(svc),
        readyEndpoints: failed && !failed.ok ? failed : ok(mine.reduce((n, s) => n + readyEndpoints(s), 0)),
      }
    }),
  )
}
