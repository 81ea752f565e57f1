// The addresses peers reach a live clustermesh-apiserver Service on: its load-balancer ingress, or while that
// is pending, the address it asks LB-IPAM for. NodePort/ClusterIP and host-name load balancers have none to compare.
import type {LiveService} from './types.js'

export function liveAddresses(s: LiveService): {addresses: string[]; from: string} | {reason: string} {
  if (s.ingress.length) return {addresses: s.ingress, from: 'status.loadBalancer.ingress'}
  if (s.pinned.length) return {addresses: s.pinned, from: 'its pinned address; no ingress address is assigned yet'}
  if (s.ingressHostnames.length)
    return {reason: `the Service's load balancer is a host name (${s.ingressHostnames.join(', ')}), not an address`}
  if (s.type === 'LoadBalancer') return {reason: 'the LoadBalancer Service has no address yet (pending; see CM306)'}
  return {reason: `the Service is ${s.type}: peers reach it on node addresses, which DNS is not compared with`}
}
