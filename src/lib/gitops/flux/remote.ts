// Remote clusters of a hub (spec.kubeConfig). A remote cluster is keyed by where its kubeconfig lives — namespace and
// Secret (and key) or ConfigMap — never by the Secret's name alone: fluxcd/flux2-hub-spoke-example names the Secret
// `cluster-kubeconfig` in both the staging and the production namespace.
import type {FluxKustomization, RenderedObject} from '../types.js'
import {asLabel, nameFromVariables} from './cluster-names.js'
import type {KubeConfigRef} from './spec.js'

export interface RemoteInfo {
  namespace: string
  ref: KubeConfigRef
  /** The first object found pointing there (for positions). */
  via: RenderedObject
  /** Key of the cluster the pointing object runs in ('' for the entry's own cluster). */
  hub: string
  /** The hub's Kustomizations that apply to this cluster through kubeConfig (their variables describe it). */
  kustomizations: FluxKustomization[]
}

export function remoteKey(namespace: string, ref: KubeConfigRef): string {
  if (ref.secretRef) return `secret:${namespace}/${ref.secretRef.name}${ref.secretRef.key ? `#${ref.secretRef.key}` : ''}`
  return `configmap:${namespace}/${ref.configMapRef?.name ?? ''}`
}

/**
 * A Cluster API Cluster `<x>` beside its `<x>-kubeconfig` Secret names it; else a cluster-name variable the hub's
 * Kustomizations substitute for it; else `<namespace>/<secret>`.
 */
export function nameRemote(info: RemoteInfo, hubObjects: readonly RenderedObject[], hubKustomizations: readonly FluxKustomization[]): string {
  const secret = info.ref.secretRef?.name ?? info.ref.configMapRef?.name ?? ''
  const capi = hubObjects.find(
    (o) =>
      o.object.kind === 'Cluster' &&
      (o.object.apiVersion ?? '').startsWith('cluster.x-k8s.io/') &&
      (o.object.metadata?.namespace || 'default') === info.namespace &&
      `${o.object.metadata?.name}-kubeconfig` === secret,
  )
  if (capi?.object.metadata?.name) return asLabel(capi.object.metadata.name) ?? capi.object.metadata.name
  const sameNamespace = hubKustomizations.filter((k) => k.namespace === info.namespace)
  for (const ks of [...info.kustomizations, ...sameNamespace]) {
    const hit = nameFromVariables(ks.variables)
    if (hit) return hit.name
  }
  return `${info.namespace}/${secret}`
}
