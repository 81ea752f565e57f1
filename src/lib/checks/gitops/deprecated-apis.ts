// apiVersions their projects deprecated or removed, with the version to use instead and, for projects whose
// version the repository pins (Flux, external-secrets, Cilium), from which version the replacement is served and
// from which version the old apiVersion is no longer served. Sources: Kubernetes deprecated-API migration guide;
// Flux release notes (kustomize v1 and GitRepository v1 in 2.0, Receiver v1 in 2.1, helm v2beta2 and notification
// v1beta3 in 2.2, helm v2 with HelmRepository/HelmChart v1 in 2.3, Bucket v1 in 2.4 (source-controller v1.4.0),
// OCIRepository v1 in 2.6, image v1 in 2.7; v1beta1/v2beta1 APIs removed in 2.7 (blog 2025-09 flux-v2.7.0,
// fluxcd/flux2#5474), v1beta2/v2beta2 removed in 2.8 (fluxcd/flux2#5711: source-controller#1983,
// kustomize-controller#1584, helm-controller#1404)); external-secrets v0.16 (serves v1) and v0.17 ("stops serving
// v1beta1 apis", release notes of v0.17.0); cert-manager v1.7 (removal of v1alpha2..v1beta1); Gateway API
// v1.0/v1.1; Cilium 1.18 (cilium.io/v2 for BGPv2, LB IPAM and CIDR groups: cilium/cilium#37765, #39090, #38940)
// and 1.16 (CiliumNodeConfig v2, #31721).
import {atLeast, type Pinned} from './cilium-version.js'

/** Projects whose version a cluster pins (see cilium-version.ts). */
export type Project = 'Flux' | 'external-secrets' | 'Cilium'

/** Per kind, or for every kind; '*' in a record is the default. */
type PerKind = string | Record<string, string>

export interface Deprecation {
  group: string
  version: string
  /** Kinds concerned; every kind of the group/version when absent. */
  kinds?: string[]
  /** What to use instead: a full apiVersion, or per kind. */
  use: PerKind
  state: 'deprecated' | 'removed'
  note: string
  /** The project that serves this group, when its version can be pinned. */
  project?: Project
  /** First project minor that serves `use` (per kind). */
  since?: PerKind
  /** Older replacements, newest first, for project versions that do not serve `use` yet. */
  fallback?: {use: PerKind; since: PerKind}[]
  /** First project minor that no longer serves this apiVersion. */
  removedIn?: string
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

const SOURCE_V1: Record<string, string> = {GitRepository: '2.0', HelmRepository: '2.3', HelmChart: '2.3', Bucket: '2.4', OCIRepository: '2.6'}
const NOTIFY_USE = {Receiver: 'notification.toolkit.fluxcd.io/v1', Alert: 'notification.toolkit.fluxcd.io/v1beta3', Provider: 'notification.toolkit.fluxcd.io/v1beta3'}
const NOTIFY_SINCE = {Receiver: '2.1', Alert: '2.2', Provider: '2.2'}

const flux = (group: string, version: string, use: PerKind, since: PerKind, removedIn?: string, fallback?: Deprecation['fallback']): Deprecation => ({
  group, version, use, since, project: 'Flux', state: 'deprecated',
  note: removedIn ? `deprecated by Flux and no longer served from Flux ${removedIn}` : 'deprecated by Flux',
  ...(removedIn ? {removedIn} : {}), ...(fallback ? {fallback} : {}),
})

const CILIUM_118 = ['CiliumBGPClusterConfig', 'CiliumBGPPeerConfig', 'CiliumBGPAdvertisement', 'CiliumBGPNodeConfig',
  'CiliumBGPNodeConfigOverride', 'CiliumLoadBalancerIPPool', 'CiliumCIDRGroup']

export const DEPRECATIONS: readonly Deprecation[] = [
  ...K8S_REMOVED.map(([group, version, use, kinds]): Deprecation => ({group, version, use, state: 'removed', note: 'no longer served by Kubernetes', ...(kinds ? {kinds} : {})})),
  {group: 'policy', version: 'v1beta1', kinds: ['PodSecurityPolicy'], use: 'Pod Security Admission (namespace labels)', state: 'removed', note: 'removed in Kubernetes 1.25'},
  flux('kustomize.toolkit.fluxcd.io', 'v1beta1', 'kustomize.toolkit.fluxcd.io/v1', '2.0', '2.7'),
  flux('kustomize.toolkit.fluxcd.io', 'v1beta2', 'kustomize.toolkit.fluxcd.io/v1', '2.0', '2.8'),
  flux('helm.toolkit.fluxcd.io', 'v2beta1', 'helm.toolkit.fluxcd.io/v2', '2.3', '2.7', [{use: 'helm.toolkit.fluxcd.io/v2beta2', since: '2.2'}]),
  flux('helm.toolkit.fluxcd.io', 'v2beta2', 'helm.toolkit.fluxcd.io/v2', '2.3', '2.8'),
  flux('source.toolkit.fluxcd.io', 'v1beta1', 'source.toolkit.fluxcd.io/v1', SOURCE_V1, '2.7', [{use: 'source.toolkit.fluxcd.io/v1beta2', since: '2.0'}]),
  flux('source.toolkit.fluxcd.io', 'v1beta2', 'source.toolkit.fluxcd.io/v1', SOURCE_V1, '2.8'),
  flux('image.toolkit.fluxcd.io', 'v1beta1', 'image.toolkit.fluxcd.io/v1', '2.7', '2.7', [{use: 'image.toolkit.fluxcd.io/v1beta2', since: '2.3'}]),
  flux('image.toolkit.fluxcd.io', 'v1beta2', 'image.toolkit.fluxcd.io/v1', '2.7'),
  flux('notification.toolkit.fluxcd.io', 'v1beta1', NOTIFY_USE, NOTIFY_SINCE, '2.7', [{use: 'notification.toolkit.fluxcd.io/v1beta2', since: '2.0'}]),
  flux('notification.toolkit.fluxcd.io', 'v1beta2', NOTIFY_USE, NOTIFY_SINCE),
  {group: 'external-secrets.io', version: 'v1beta1', kinds: ['ExternalSecret', 'SecretStore', 'ClusterSecretStore', 'ClusterExternalSecret'], use: 'external-secrets.io/v1', state: 'deprecated', note: 'deprecated since external-secrets 0.16 (which serves v1) and no longer served from 0.17', project: 'external-secrets', since: '0.16', removedIn: '0.17'},
  ...['v1alpha2', 'v1alpha3', 'v1beta1'].flatMap((version) => ['cert-manager.io', 'acme.cert-manager.io'].map((group): Deprecation => ({group, version, use: `${group}/v1`, state: 'removed', note: 'removed in cert-manager 1.7'}))),
  {group: 'gateway.networking.k8s.io', version: 'v1beta1', kinds: ['Gateway', 'GatewayClass', 'HTTPRoute'], use: 'gateway.networking.k8s.io/v1', state: 'deprecated', note: 'deprecated since Gateway API v1.0'},
  {group: 'gateway.networking.k8s.io', version: 'v1alpha2', kinds: ['Gateway', 'GatewayClass', 'HTTPRoute', 'GRPCRoute'], use: 'gateway.networking.k8s.io/v1', state: 'deprecated', note: 'superseded by v1'},
  {group: 'cilium.io', version: 'v2alpha1', kinds: CILIUM_118, use: 'cilium.io/v2', state: 'deprecated', note: 'Cilium 1.18 promoted it to cilium.io/v2', project: 'Cilium', since: '1.18'},
  {group: 'cilium.io', version: 'v2alpha1', kinds: ['CiliumNodeConfig'], use: 'cilium.io/v2', state: 'deprecated', note: 'Cilium 1.16 promoted it to cilium.io/v2', project: 'Cilium', since: '1.16'},
]

export function deprecationFor(apiVersion: string, kind: string): Deprecation | undefined {
  const i = apiVersion.lastIndexOf('/')
  const [group, version] = i < 0 ? ['', apiVersion] : [apiVersion.slice(0, i), apiVersion.slice(i + 1)]
  return DEPRECATIONS.find((d) => d.group === group && d.version === version && (!d.kinds || d.kinds.includes(kind)))
}

const forKind = (v: PerKind, kind: string): string | undefined => (typeof v === 'string' ? v : (v[kind] ?? v['*']))

export const replacement = (d: Deprecation, kind: string) => (typeof d.use === 'string' ? d.use : (d.use[kind] ?? Object.values(d.use).join(' or ')))

/** What CM107 says about an object, given the version of the project the cluster pins (undefined: not known). */
export interface Verdict {
  /** The apiVersion to move to: the newest one the pinned version serves. */
  use: string
  /** The pinned version no longer serves the object's apiVersion: it can never be applied. */
  notServed: boolean
  /** Words about the version: "(this cluster runs Flux 2.5)", "(the Flux version of this cluster is not known)". */
  when: string
}

/** undefined: nothing to say (the pinned version serves nothing newer for this kind). */
export function judge(d: Deprecation, kind: string, pinned: Pinned | undefined): Verdict | undefined {
  if (!d.project) return {use: replacement(d, kind), notServed: false, when: ''}
  if (!pinned) return {use: replacement(d, kind), notServed: false, when: ` (the ${d.project} version of this cluster is not known)`}
  const served = (since: PerKind | undefined) => {
    const from = since === undefined ? undefined : forKind(since, kind)
    return from === undefined || atLeast(pinned.minor, from)
  }
  const choices = [{use: d.use, since: d.since}, ...(d.fallback ?? [])]
  const best = choices.find((c) => served(c.since))
  const notServed = !!d.removedIn && atLeast(pinned.minor, d.removedIn)
  if (!best && !notServed) return undefined
  const use = best ? (forKind(best.use, kind) ?? replacement(d, kind)) : replacement(d, kind)
  return {use, notServed, when: ` (this cluster runs ${d.project} ${pinned.version})`}
}
