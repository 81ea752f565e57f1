// .kubectl-mesh.yaml clusters (gitops DeclaredClusterConfig) → the mesh model's DeclaredCluster facts.
// clusterMeshAddress is the FQDN peers use when it is a host name, the pinned LoadBalancer address when it is an IP.
import {isIP} from 'node:net'
import type {DeclaredClusterConfig} from '../gitops/types.js'
import type {DeclaredCluster} from './build.js'

export function declaredFacts(configs: readonly DeclaredClusterConfig[] | undefined): DeclaredCluster[] {
  return (configs ?? []).map((c) => {
    const address = c.clusterMeshAddress
    const ip = address && isIP(address.value.replace(/^\[|\]$/g, '')) !== 0
    return {
      name: c.name,
      ...(c.podCIDRs ? {podCIDRs: c.podCIDRs} : {}),
      ...(c.serviceCIDRs ? {serviceCIDRs: c.serviceCIDRs} : {}),
      ...(c.nodeCIDRs ? {nodeCIDRs: c.nodeCIDRs} : {}),
      ...(address && !ip ? {fqdn: address} : {}),
      ...(address && ip ? {lbIP: {value: address.value.replace(/^\[|\]$/g, ''), source: address.source}} : {}),
      ...(c.context ? {context: c.context.value} : {}),
      ...(c.ciliumHelmValues
        ? {
            ciliumValues: {
              files: c.ciliumValues ?? [],
              values: c.ciliumHelmValues,
              ...(c.ciliumVersion ? {version: c.ciliumVersion} : {}),
              ...(c.ciliumNamespace ? {namespace: c.ciliumNamespace.value} : {}),
              pos: c.pos,
            },
          }
        : {}),
    }
  })
}
