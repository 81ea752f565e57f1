// Resource identity as kustomize sees it (kyaml/resid): group, version, kind, name and the effective namespace.

export type KObj = Record<string, unknown> & {
  apiVersion?: string
  kind?: string
  metadata?: Record<string, unknown> & {name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>}
}

export interface Gvk {
  group: string
  version: string
  kind: string
}

export interface ResId extends Gvk {
  name: string
  namespace: string
}

export function splitApiVersion(apiVersion: string | undefined): {group: string; version: string} {
  const av = apiVersion ?? ''
  const i = av.lastIndexOf('/')
  return i < 0 ? {group: '', version: av} : {group: av.slice(0, i), version: av.slice(i + 1)}
}

export function gvkOf(obj: KObj): Gvk {
  return {...splitApiVersion(typeof obj.apiVersion === 'string' ? obj.apiVersion : ''), kind: typeof obj.kind === 'string' ? obj.kind : ''}
}

export function idOf(obj: KObj): ResId {
  const meta = obj.metadata ?? {}
  return {
    ...gvkOf(obj),
    name: typeof meta.name === 'string' ? meta.name : '',
    namespace: typeof meta.namespace === 'string' ? meta.namespace : '',
  }
}

/**
 * Kinds kustomize knows to be cluster-scoped (kyaml's precomputed table from the built-in OpenAPI schema).
 * Everything else, including every custom resource, is treated as namespaced, exactly as kustomize does.
 */
const CLUSTER_SCOPED = new Set([
  'admissionregistration.k8s.io/v1/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1/ValidatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1beta1/MutatingWebhookConfiguration',
  'admissionregistration.k8s.io/v1beta1/ValidatingWebhookConfiguration',
  'apiextensions.k8s.io/v1/CustomResourceDefinition',
  'apiextensions.k8s.io/v1beta1/CustomResourceDefinition',
  'apiregistration.k8s.io/v1/APIService',
  'apiregistration.k8s.io/v1beta1/APIService',
  'certificates.k8s.io/v1/CertificateSigningRequest',
  'certificates.k8s.io/v1beta1/CertificateSigningRequest',
  'flowcontrol.apiserver.k8s.io/v1beta1/FlowSchema',
  'flowcontrol.apiserver.k8s.io/v1beta1/PriorityLevelConfiguration',
  'networking.k8s.io/v1/IngressClass',
  'networking.k8s.io/v1beta1/IngressClass',
  'node.k8s.io/v1/RuntimeClass',
  'node.k8s.io/v1beta1/RuntimeClass',
  'policy/v1beta1/PodSecurityPolicy',
  'rbac.authorization.k8s.io/v1/ClusterRole',
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding',
  'rbac.authorization.k8s.io/v1beta1/ClusterRole',
  'rbac.authorization.k8s.io/v1beta1/ClusterRoleBinding',
  'scheduling.k8s.io/v1/PriorityClass',
  'scheduling.k8s.io/v1beta1/PriorityClass',
  'storage.k8s.io/v1/CSIDriver',
  'storage.k8s.io/v1/CSINode',
  'storage.k8s.io/v1/StorageClass',
  'storage.k8s.io/v1/VolumeAttachment',
  'storage.k8s.io/v1beta1/CSIDriver',
  'storage.k8s.io/v1beta1/CSINode',
  'storage.k8s.io/v1beta1/StorageClass',
  'storage.k8s.io/v1beta1/VolumeAttachment',
  '/v1/ComponentStatus',
  '/v1/Namespace',
  '/v1/Node',
  '/v1/NodeProxyOptions',
  '/v1/PersistentVolume',
])

export function isClusterScoped(g: Gvk): boolean {
  return CLUSTER_SCOPED.has(`${g.group}/${g.version}/${g.kind}`)
}

/** kyaml: cluster-scoped kinds have no namespace; an empty namespace means "default". */
export function effectiveNamespace(id: ResId): string {
  if (isClusterScoped(id)) return '~X'
  return id.namespace === '' ? 'default' : id.namespace
}

export function sameGvk(a: Gvk, b: Gvk): boolean {
  return a.group === b.group && a.version === b.version && a.kind === b.kind
}

export function sameId(a: ResId, b: ResId): boolean {
  return sameGvk(a, b) && a.name === b.name && effectiveNamespace(a) === effectiveNamespace(b)
}

/** The key kustomize uses to refuse duplicates (group, version, kind, name, effective namespace). */
export function idKey(id: ResId): string {
  return `${id.group}/${id.version}/${id.kind}/${effectiveNamespace(id)}/${id.name}`
}

/** What kustomize prints for an id: Kind.version.group/name.namespace. */
export function idString(id: ResId): string {
  const gvk = [id.kind, id.version, id.group].filter((s) => s !== '').join('.')
  const ns = isClusterScoped(id) ? '' : `.${id.namespace || 'default'}`
  return `${gvk}/${id.name}${ns}`
}
