// Facts read straight from rendered objects: LB pools, Cilium service annotations, policy cluster selectors,
// cilium.io kinds, cert-manager issuers, external-secrets stores.
import type {JsonPath, RenderedObject} from '../gitops/types.js'
import {groupOf, isKind, refOf} from './helmrelease.js'
import type {CertIssuer, CiliumApiObject, GlobalService, LbPool, PolicyClusterRef, SecretStoreRef} from './types.js'
import {isRecord} from './values.js'

export function lbPools(objects: readonly RenderedObject[]): LbPool[] {
  return objects
    .filter((o) => isKind(o, 'cilium.io', 'CiliumLoadBalancerIPPool'))
    .map((obj) => {
      const spec = isRecord(obj.object.spec) ? obj.object.spec : {}
      const blocks: LbPool['blocks'] = []
      const invalid: LbPool['invalid'] = []
      // spec.blocks since 1.15; spec.cidrs is the older name of the same list.
      for (const field of ['blocks', 'cidrs'] as const) {
        const list = Array.isArray(spec[field]) ? (spec[field] as unknown[]) : []
        list.forEach((b, i) => {
          const pos = obj.locate(['spec', field, i]) ?? obj.source
          if (!isRecord(b)) return invalid.push({text: JSON.stringify(b), pos})
          if (typeof b.cidr === 'string') return blocks.push({text: b.cidr, pos})
          if (typeof b.start === 'string') return blocks.push({text: `${b.start}-${String(b.stop ?? b.start)}`, pos})
          invalid.push({text: JSON.stringify(b), pos})
        })
      }
      return {
        name: obj.object.metadata?.name ?? '',
        disabled: spec.disabled === true || spec.disabled === 'true',
        blocks,
        invalid,
        pos: obj.source,
        resource: refOf(obj),
      }
    })
}

const SERVICE_ANNOTATION = /^service\.cilium\.io\/|^io\.cilium\/(global-service|shared-service|service-affinity)$/

export function ciliumServices(objects: readonly RenderedObject[]): GlobalService[] {
  const out: GlobalService[] = []
  for (const obj of objects) {
    if (obj.object.kind !== 'Service' || groupOf(obj.object.apiVersion) !== '') continue
    const md = obj.object.metadata ?? {}
    const annotations: GlobalService['annotations'] = {}
    for (const [key, value] of Object.entries(md.annotations ?? {}))
      if (SERVICE_ANNOTATION.test(key))
        annotations[key] = {value: String(value), pos: obj.locate(['metadata', 'annotations', key]) ?? obj.source}
    if (Object.keys(annotations).length === 0) continue
    out.push({namespace: md.namespace ?? '', name: md.name ?? '', annotations, resource: refOf(obj), pos: obj.source})
  }
  return out
}

const CLUSTER_LABEL = /^(?:(?:k8s|any):)?io\.cilium\.k8s\.policy\.cluster$/

/** Every io.cilium.k8s.policy.cluster value a CNP/CCNP selects, in matchLabels or matchExpressions. */
export function policyClusterRefs(objects: readonly RenderedObject[]): PolicyClusterRef[] {
  const out: PolicyClusterRef[] = []
  for (const obj of objects) {
    if (!['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'].some((k) => isKind(obj, 'cilium.io', k))) continue
    const resource = refOf(obj)
    const visit = (node: unknown, path: JsonPath) => {
      if (Array.isArray(node)) return node.forEach((n, i) => visit(n, [...path, i]))
      if (!isRecord(node)) return
      if (isRecord(node.matchLabels))
        for (const [k, v] of Object.entries(node.matchLabels))
          if (CLUSTER_LABEL.test(k))
            out.push({value: String(v), pos: obj.locate([...path, 'matchLabels', k]) ?? obj.source, resource})
      if (Array.isArray(node.matchExpressions))
        node.matchExpressions.forEach((e, i) => {
          if (!isRecord(e) || typeof e.key !== 'string' || !CLUSTER_LABEL.test(e.key) || !Array.isArray(e.values)) return
          e.values.forEach((v, j) =>
            out.push({value: String(v), pos: obj.locate([...path, 'matchExpressions', i, 'values', j]) ?? obj.source, resource}),
          )
        })
      for (const [k, v] of Object.entries(node)) if (k !== 'matchLabels' && k !== 'matchExpressions') visit(v, [...path, k])
    }
    visit(obj.object.spec, ['spec'])
    visit(obj.object.specs, ['specs'])
  }
  return out
}

export function ciliumApiObjects(objects: readonly RenderedObject[]): CiliumApiObject[] {
  return objects
    .filter((o) => groupOf(o.object.apiVersion) === 'cilium.io')
    .map((obj) => ({
      apiVersion: obj.object.apiVersion ?? '',
      kind: obj.object.kind ?? '',
      pos: obj.locate(['apiVersion']) ?? obj.source,
      resource: refOf(obj),
    }))
}

const ISSUER_TYPES = ['ca', 'selfSigned', 'vault', 'venafi', 'acme']

export function certIssuers(objects: readonly RenderedObject[]): CertIssuer[] {
  const out: CertIssuer[] = []
  for (const obj of objects) {
    const kind = obj.object.kind
    if (groupOf(obj.object.apiVersion) !== 'cert-manager.io' || (kind !== 'Issuer' && kind !== 'ClusterIssuer')) continue
    const spec = isRecord(obj.object.spec) ? obj.object.spec : {}
    const type = ISSUER_TYPES.find((t) => Object.hasOwn(spec, t)) ?? 'external'
    const ca = isRecord(spec.ca) && typeof spec.ca.secretName === 'string' ? spec.ca.secretName : undefined
    out.push({
      kind,
      name: obj.object.metadata?.name ?? '',
      ...(obj.object.metadata?.namespace ? {namespace: obj.object.metadata.namespace} : {}),
      type,
      ...(ca ? {caSecret: ca} : {}),
      pos: obj.source,
    })
  }
  return out
}

export function secretStores(objects: readonly RenderedObject[]): SecretStoreRef[] {
  const out: SecretStoreRef[] = []
  for (const obj of objects)
    for (const kind of ['SecretStore', 'ClusterSecretStore'] as const)
      if (isKind(obj, 'external-secrets.io', kind))
        out.push({
          kind,
          name: obj.object.metadata?.name ?? '',
          ...(obj.object.metadata?.namespace ? {namespace: obj.object.metadata.namespace} : {}),
        })
  return out
}
