// The clustermesh-apiserver Service, Nodes, CiliumNodes, LB IP pools, ExternalSecrets and global Services → facts.
import type {KubeObject} from '../kube/index.js'
import type {ExternalSecretFacts, LbPoolFacts, MeshService, NodeFacts} from './types.js'

type Rec = Record<string, unknown>
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {})
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
const strings = (v: unknown): string[] => arr(v).flatMap((x) => (typeof x === 'string' && x !== '' ? [x] : []))

// The annotations Cilium LB-IPAM honours (the second is the pre-1.16 spelling), then the deprecated field.
const PIN_ANNOTATIONS = ['lbipam.cilium.io/ips', 'io.cilium/lb-ipam-ips']

export function parseService(svc: KubeObject): MeshService {
  const spec = rec(svc.spec)
  const annotations = svc.metadata.annotations ?? {}
  const pinned: MeshService['pinned'] = []
  for (const via of PIN_ANNOTATIONS) {
    for (const ip of (annotations[via] ?? '').split(',').map((s) => s.trim()).filter(Boolean)) pinned.push({ip, via})
  }
  const lbIP = str(spec.loadBalancerIP)
  if (lbIP) pinned.push({ip: lbIP, via: 'spec.loadBalancerIP'})
  return {
    type: str(spec.type) ?? 'ClusterIP',
    ports: arr(spec.ports).map((p) => {
      const port = rec(p)
      return {
        ...(str(port.name) ? {name: str(port.name)} : {}),
        port: Number(port.port) || 0,
        ...(typeof port.nodePort === 'number' ? {nodePort: port.nodePort} : {}),
      }
    }),
    ingress: arr(rec(rec(svc.status).loadBalancer).ingress).map((i) => ({
      ...(str(rec(i).ip) ? {ip: str(rec(i).ip)} : {}),
      ...(str(rec(i).hostname) ? {hostname: str(rec(i).hostname)} : {}),
    })),
    pinned,
  }
}

export function parseNode(node: KubeObject): NodeFacts {
  const spec = rec(node.spec)
  const podCIDRs = strings(spec.podCIDRs)
  return {
    name: node.metadata.name,
    podCIDRs: podCIDRs.length > 0 ? podCIDRs : strings([spec.podCIDR]),
    addresses: arr(rec(node.status).addresses).flatMap((a) => {
      const type = str(rec(a).type)
      const address = str(rec(a).address)
      return type && address ? [{type, address}] : []
    }),
  }
}

/** CiliumNode: spec.ipam.podCIDRs (cluster-pool and kubernetes IPAM), spec.addresses for node IPs. */
export function parseCiliumNode(cn: KubeObject): NodeFacts {
  const spec = rec(cn.spec)
  return {
    name: cn.metadata.name,
    podCIDRs: strings(rec(spec.ipam).podCIDRs),
    addresses: arr(spec.addresses).flatMap((a) => {
      const type = str(rec(a).type)
      const address = str(rec(a).ip)
      return type && address ? [{type, address}] : []
    }),
  }
}

export function parseLbPool(pool: KubeObject): LbPoolFacts {
  const spec = rec(pool.spec)
  // v2alpha1 before 1.15 called the list "cidrs"
  const blocks = [...arr(spec.blocks), ...arr(spec.cidrs)].flatMap((b) => {
    const block = rec(b)
    const cidr = str(block.cidr)
    if (cidr) return [cidr]
    const start = str(block.start)
    return start ? [`${start}-${str(block.stop) ?? start}`] : []
  })
  return {name: pool.metadata.name, disabled: spec.disabled === true, blocks}
}

/** The Secrets the mesh depends on, by the name an ExternalSecret would produce. */
export const MESH_SECRET_NAMES = [
  'cilium-clustermesh',
  'cilium-kvstoremesh',
  'cilium-ca',
  'clustermesh-apiserver-server-cert',
  'clustermesh-apiserver-remote-cert',
  'clustermesh-apiserver-local-cert',
]

export function parseExternalSecret(es: KubeObject): ExternalSecretFacts {
  const target = str(rec(rec(es.spec).target).name) ?? es.metadata.name
  const ready = arr(rec(es.status).conditions)
    .map(rec)
    .find((c) => c.type === 'Ready')
  return {
    name: es.metadata.name,
    target,
    ...(ready
      ? {ready: {status: str(ready.status) ?? 'Unknown', ...(str(ready.reason) ? {reason: str(ready.reason)} : {}), ...(str(ready.message) ? {message: str(ready.message)} : {})}}
      : {}),
  }
}

const GLOBAL_ANNOTATIONS = ['service.cilium.io/global', 'io.cilium/global-service']

export const isGlobalService = (svc: KubeObject) => GLOBAL_ANNOTATIONS.some((a) => svc.metadata.annotations?.[a] === 'true')

export function servicePorts(svc: KubeObject): string[] {
  return arr(rec(svc.spec).ports)
    .map((p) => {
      const port = rec(p)
      return `${str(port.name) ? `${str(port.name)} ` : ''}${Number(port.port)}/${str(port.protocol) ?? 'TCP'}`
    })
    .sort()
}

/** Ready endpoints of one EndpointSlice (conditions.ready unset means ready, per discovery.k8s.io/v1). */
export function readyEndpoints(slice: KubeObject): number {
  return arr(slice.endpoints).filter((e) => rec(rec(e).conditions).ready !== false).length
}
