// CM605: peers reach a cluster on a port its clustermesh-apiserver Service does not expose. The chart's Service
// exposes 2379 (the nodePort with type NodePort); a peer's port is written verbatim into https://<address>:<port>.
import type {DnsTarget} from '../../dnscheck/types.js'
import {at, provenance} from '../../mesh/fact.js'
import type {DnsCheck} from './support.js'

/** The ports the Service exposes to peers, live when a context was read, else as the repository renders it. */
function exposed(t: DnsTarget): {ports: number[]; from: string} | {reason: string} {
  if (t.live?.ok) {
    const s = t.live.service
    const nodePort = s.type === 'NodePort'
    const ports = s.ports.flatMap((p) => (nodePort ? (p.nodePort === undefined ? [] : [p.nodePort]) : [p.port]))
    if (ports.length === 0) return {reason: `the live Service ${s.namespace}/${s.name} exposes no ${nodePort ? 'nodePort' : 'port'}`}
    return {ports, from: `the live Service ${s.namespace}/${s.name} (${s.type}, context ${s.context})`}
  }
  if (!t.servicePort) return {reason: 'neither a repository (--repo) nor a context says which port the Service exposes'}
  if (!t.servicePort.known) return {reason: `the Service's port is unknown: ${t.servicePort.reason}`}
  const type = t.serviceType?.known ? t.serviceType.value : 'the'
  return {ports: [t.servicePort.value], from: `the ${type} Service the chart renders${provenance(t.servicePort)}`}
}

export const CM605: DnsCheck = {
  id: 'CM605',
  run(model, ctx) {
    for (const t of model.targets) {
      const scope = {cluster: t.cluster}
      if (!t.peerPorts) {
        ctx.skip(scope, "the peers' configured ports are unknown: no repository (--repo) and no mesh Secret read from a context")
        continue
      }
      if (!t.peerPorts.known) {
        ctx.skip(scope, t.peerPorts.reason)
        continue
      }
      const service = exposed(t)
      if ('reason' in service) {
        ctx.skip(scope, service.reason)
        continue
      }
      if (t.peerPorts.value.length === 0) ctx.pass(scope)
      for (const p of t.peerPorts.value) {
        const pair = {cluster: p.from, peer: t.cluster}
        const port = Number(p.port)
        if (!Number.isInteger(port)) {
          ctx.skip(pair, `the port ${JSON.stringify(p.port)} is not a number (see CM215)`)
          continue
        }
        if (service.ports.includes(port)) {
          ctx.pass(pair)
          continue
        }
        ctx.report({
          ...pair,
          message: `${p.from} reaches ${t.meshName}${p.address ? ` (${p.address})` : ''} on port ${port} (${p.via}), but ${service.from} exposes ${service.ports.join(', ')}`,
          ...at(p.origin),
        })
      }
    }
  },
}
