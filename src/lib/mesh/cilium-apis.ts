// The cilium.io kinds and versions Cilium 1.16–1.18 serves (pkg/k8s/apis/cilium.io/client/crds/ of each release).
// Promotions to v2 in 1.18: BGPv2 kinds (cilium/cilium#37765), CiliumLoadBalancerIPPool (#39090),
// CiliumCIDRGroup (#38940); their v2alpha1 versions stay served (deprecated). CiliumNodeConfig v2 since 1.16
// (#31721). CiliumExternalWorkload removed in 1.18 (#37418). Tetragon shares the cilium.io group (v1alpha1).
// There is no ClusterMesh kind in any release: the mesh is configured through Helm values and Secrets.
import {compareMinor} from './chart-defaults.js'

interface Served {
  kind: string
  version: string
  /** First Cilium minor serving it (inclusive); undefined: before 1.16. */
  from?: string
  /** First Cilium minor no longer serving it. */
  until?: string
  /** Served by another project in the same API group. */
  by?: string
}

const V2_STABLE = [
  'CiliumNetworkPolicy',
  'CiliumClusterwideNetworkPolicy',
  'CiliumEndpoint',
  'CiliumNode',
  'CiliumIdentity',
  'CiliumLocalRedirectPolicy',
  'CiliumEgressGatewayPolicy',
  'CiliumEnvoyConfig',
  'CiliumClusterwideEnvoyConfig',
]
const V2ALPHA1 = [
  'CiliumEndpointSlice',
  'CiliumBGPPeeringPolicy',
  'CiliumBGPClusterConfig',
  'CiliumBGPPeerConfig',
  'CiliumBGPAdvertisement',
  'CiliumBGPNodeConfig',
  'CiliumBGPNodeConfigOverride',
  'CiliumLoadBalancerIPPool',
  'CiliumNodeConfig',
  'CiliumCIDRGroup',
  'CiliumL2AnnouncementPolicy',
  'CiliumPodIPPool',
]
const PROMOTED_IN_118 = [
  'CiliumBGPClusterConfig',
  'CiliumBGPPeerConfig',
  'CiliumBGPAdvertisement',
  'CiliumBGPNodeConfig',
  'CiliumBGPNodeConfigOverride',
  'CiliumLoadBalancerIPPool',
  'CiliumCIDRGroup',
]

export const SERVED: readonly Served[] = [
  ...V2_STABLE.map((kind) => ({kind, version: 'v2'})),
  {kind: 'CiliumNodeConfig', version: 'v2', from: '1.16'},
  {kind: 'CiliumExternalWorkload', version: 'v2', until: '1.18'},
  ...V2ALPHA1.map((kind) => ({kind, version: 'v2alpha1'})),
  {kind: 'CiliumGatewayClassConfig', version: 'v2alpha1', from: '1.17'},
  ...PROMOTED_IN_118.map((kind) => ({kind, version: 'v2', from: '1.18'})),
  ...['TracingPolicy', 'TracingPolicyNamespaced', 'PodInfo'].map((kind) => ({kind, version: 'v1alpha1', by: 'Tetragon'})),
]

const servedIn = (s: Served, minor: string | undefined) =>
  minor === undefined ||
  s.by !== undefined ||
  ((s.from === undefined || compareMinor(minor, s.from) >= 0) && (s.until === undefined || compareMinor(minor, s.until) < 0))

export interface ApiVerdict {
  /** The kind exists in the cilium.io group at all. */
  kindKnown: boolean
  /** This apiVersion of the kind is served by the given Cilium minor (any of 1.16–1.18 when undefined). */
  served: boolean
  /** Versions of the kind served by that minor, for the message. */
  servedVersions: string[]
}

export function ciliumApiVerdict(kind: string, version: string, minor: string | undefined): ApiVerdict {
  const entries = SERVED.filter((s) => s.kind === kind)
  const servedVersions = [...new Set(entries.filter((s) => servedIn(s, minor)).map((s) => s.version))]
  return {kindKnown: entries.length > 0, served: servedVersions.includes(version), servedVersions}
}
