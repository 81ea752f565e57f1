// apiVersions their projects deprecated or removed, with the version to use instead. Sources: Kubernetes
// deprecated-API migration guide; Flux API references (kustomize v1, helm v2, source v1, notification v1/v1beta3,
// image v1); external-secrets v0.16 (v1); cert-manager v1.7 (removal of v1alpha2..v1beta1); Gateway API v1.0/v1.1;
// Cilium 1.18 (cilium.io/v2 for BGPv2, LB IPAM and CIDR groups: cilium/cilium#37765, #39090, #38940) and 1.16
// (CiliumNodeConfig v2, #31721).

export interface Deprecation {
  group: string
  version: string
  /** Kinds concerned; every kind of the group/version when absent. */
  kinds?: string[]
  /** What to use instead: a full apiVersion, or per kind. */
  use: string | Record<string, string>
  state: 'deprecated' | 'removed'
  note: string
  /** Only from this Cilium minor (cilium.io promotions). */
  ciliumFrom?: string
}

const K8S_REMOVED: [string, string, string, string[]?][] = [
  ['extensions', 'v1beta1', 'apps/v1 (Deployment, DaemonSet, ReplicaSet) or networking.k8s.io/v1 (Ingress, NetworkPolicy)'],
  ['apps', 'v1beta1', 'apps/v1'],
  ['apps', 'v1beta2', 'apps/v1'],
  ['networking.k8s.io', 'v1beta1', 'networking.k8s.io/v1'],
  ['policy', 'v1beta1', 'policy/v1', ['PodDisruptionBudget']],
  ['batch', 'v1beta1', 'batch/v1'],
  ['autoscaling', 'v2beta1', 'autoscaling/v2'],
  ['autoscaling', 'v2beta2', 'autoscaling/v2'],
  ['rbac.authorization.k8s.io', 'v1beta1', 'rbac.authorization.k8s.io/v1'],
  ['apiextensions.k8s.io', 'v1beta1', 'apiextensions.k8s.io/v1'],
  ['admissionregistration.k8s.io', 'v1beta1', 'admissionregistration.k8s.io/v1'],
  ['storage.k8s.io', 'v1beta1', 'storage.k8s.io/v1'],
  ['scheduling.k8s.io', 'v1beta1', 'scheduling.k8s.io/v1'],
  ['coordination.k8s.io', 'v1beta1', 'coordination.k8s.io/v1'],
  ['discovery.k8s.io', 'v1beta1', 'discovery.k8s.io/v1'],
  ['events.k8s.io', 'v1beta1', 'events.k8s.io/v1'],
  ['node.k8s.io', 'v1beta1', 'node.k8s.io/v1'],
  ['certificates.k8s.io', 'v1beta1', 'certificates.k8s.io/v1'],
  ['apiregistration.k8s.io', 'v1beta1', 'apiregistration.k8s.io/v1'],
  ['flowcontrol.apiserver.k8s.io', 'v1beta1', 'flowcontrol.apiserver.k8s.io/v1'],
  ['flowcontrol.apiserver.k8s.io', 'v1beta2', 'flowcontrol.apiserver.k8s.io/v1'],
  ['flowcontrol.apiserver.k8s.io', 'v1beta3', 'flowcontrol.apiserver.k8s.io/v1'],
]

const FLUX: [string, string[], string][] = [
  ['kustomize.toolkit.fluxcd.io', ['v1beta1', 'v1beta2'], 'kustomize.toolkit.fluxcd.io/v1'],
  ['helm.toolkit.fluxcd.io', ['v2beta1', 'v2beta2'], 'helm.toolkit.fluxcd.io/v2'],
  ['source.toolkit.fluxcd.io', ['v1beta1', 'v1beta2'], 'source.toolkit.fluxcd.io/v1'],
  ['image.toolkit.fluxcd.io', ['v1beta1', 'v1beta2'], 'image.toolkit.fluxcd.io/v1'],
]

const CILIUM_118 = ['CiliumBGPClusterConfig', 'CiliumBGPPeerConfig', 'CiliumBGPAdvertisement', 'CiliumBGPNodeConfig',
  'CiliumBGPNodeConfigOverride', 'CiliumLoadBalancerIPPool', 'CiliumCIDRGroup']

export const DEPRECATIONS: readonly Deprecation[] = [
  ...K8S_REMOVED.map(([group, version, use, kinds]): Deprecation => ({group, version, use, state: 'removed', note: 'no longer served by Kubernetes', ...(kinds ? {kinds} : {})})),
  {group: 'policy', version: 'v1beta1', kinds: ['PodSecurityPolicy'], use: 'Pod Security Admission (namespace labels)', state: 'removed', note: 'removed in Kubernetes 1.25'},
  ...FLUX.flatMap(([group, versions, use]) => versions.map((version): Deprecation => ({group, version, use, state: 'deprecated', note: 'deprecated by Flux (older versions are removed)'}))),
  {group: 'notification.toolkit.fluxcd.io', version: 'v1beta1', use: {Receiver: 'notification.toolkit.fluxcd.io/v1', Alert: 'notification.toolkit.fluxcd.io/v1beta3', Provider: 'notification.toolkit.fluxcd.io/v1beta3'}, state: 'removed', note: 'removed by Flux'},
  {group: 'notification.toolkit.fluxcd.io', version: 'v1beta2', use: {Receiver: 'notification.toolkit.fluxcd.io/v1', Alert: 'notification.toolkit.fluxcd.io/v1beta3', Provider: 'notification.toolkit.fluxcd.io/v1beta3'}, state: 'deprecated', note: 'deprecated by Flux'},
  {group: 'external-secrets.io', version: 'v1beta1', kinds: ['ExternalSecret', 'SecretStore', 'ClusterSecretStore', 'ClusterExternalSecret'], use: 'external-secrets.io/v1', state: 'deprecated', note: 'deprecated since external-secrets v0.16, which serves v1'},
  ...['v1alpha2', 'v1alpha3', 'v1beta1'].flatMap((version) => ['cert-manager.io', 'acme.cert-manager.io'].map((group): Deprecation => ({group, version, use: `${group}/v1`, state: 'removed', note: 'removed in cert-manager 1.7'}))),
  {group: 'gateway.networking.k8s.io', version: 'v1beta1', kinds: ['Gateway', 'GatewayClass', 'HTTPRoute'], use: 'gateway.networking.k8s.io/v1', state: 'deprecated', note: 'deprecated since Gateway API v1.0'},
  {group: 'gateway.networking.k8s.io', version: 'v1alpha2', kinds: ['Gateway', 'GatewayClass', 'HTTPRoute', 'GRPCRoute'], use: 'gateway.networking.k8s.io/v1', state: 'deprecated', note: 'superseded by v1'},
  {group: 'cilium.io', version: 'v2alpha1', kinds: CILIUM_118, use: 'cilium.io/v2', state: 'deprecated', note: 'Cilium 1.18 promoted it to cilium.io/v2', ciliumFrom: '1.18'},
  {group: 'cilium.io', version: 'v2alpha1', kinds: ['CiliumNodeConfig'], use: 'cilium.io/v2', state: 'deprecated', note: 'Cilium 1.16 promoted it to cilium.io/v2', ciliumFrom: '1.16'},
]

export function deprecationFor(apiVersion: string, kind: string): Deprecation | undefined {
  const i = apiVersion.lastIndexOf('/')
  const [group, version] = i < 0 ? ['', apiVersion] : [apiVersion.slice(0, i), apiVersion.slice(i + 1)]
  return DEPRECATIONS.find((d) => d.group === group && d.version === version && (!d.kinds || d.kinds.includes(kind)))
}

export const replacement = (d: Deprecation, kind: string) => (typeof d.use === 'string' ? d.use : (d.use[kind] ?? Object.values(d.use).join(' or ')))
