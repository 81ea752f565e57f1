// What the GitOps layer hands to the mesh model and the checks: every cluster rendered as Flux would.
import type {SuppressRule} from '../report/suppress.js'
import type {Finding} from '../report/types.js'

/** 1-based position of a YAML node, path relative to the repository root. */
export interface SourcePos {
  file: string
  line: number
  column: number
}

export type JsonPath = readonly (string | number)[]

export interface RenderedObject {
  /** Plain data after kustomize and postBuild substitution. */
  object: {
    apiVersion?: string
    kind?: string
    metadata?: {name?: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>}
    [key: string]: unknown
  }
  /** Where the document starts (the line to edit when nothing more precise is known). */
  source: SourcePos
  /**
   * Position of a field, through patches and substitution: the field itself, or the closest enclosing field
   * the sources have (a missing `cluster.id` points at `cluster:`); undefined when nothing is known.
   */
  locate(path: JsonPath): SourcePos | undefined
  /** The Flux Kustomization (namespace/name) whose build produced it; undefined for the entry point itself. */
  producedBy?: string
  /** Why the object is not fully known (a SOPS-encrypted Secret, a failed substitution …): checks must skip, not pass. */
  incomplete?: string
}

export interface Variable {
  value: string
  /** Where it is defined (a ConfigMap/Secret data key or an inline substitute entry). */
  source?: SourcePos
  /** True for SOPS-encrypted Secret values: known to exist, unknown in value. */
  unknown?: boolean
}

/** The fields after `object` are always set by the renderer; optional so hand-built models stay small. */
export interface FluxKustomization {
  namespace: string
  name: string
  path: string
  /** Variables postBuild gave this Kustomization's build (after substitute over substituteFrom). */
  variables: Map<string, Variable>
  object: RenderedObject
  /** The Kustomization whose build produced this one (namespace/name); undefined for the cluster's root. */
  producedBy?: string
  targetNamespace?: string
  dependsOn?: DependencyRef[]
  healthChecks?: HealthCheckRef[]
  substituteFrom?: SubstituteSource[]
  /** Whether postBuild substitution ran (Flux skips it when no variable is defined and substituteStrategy is not Always). */
  substituted?: boolean
  /** Every `${...}` in the objects of this build (before substitution), with the variable's state. */
  references?: VariableReference[]
  /** Flux would fail this Kustomization's substitution (bad `${...}` syntax, invalid variable name, broken YAML). */
  substitutionErrors?: {message: string; pos: SourcePos}[]
  /** Why the build is incomplete (unsupported input, build errors); empty when complete. */
  incomplete?: string[]
}

export interface DependencyRef {
  name: string
  /** Defaulted to the dependent's namespace, as Flux does. */
  namespace: string
  pos: SourcePos
}

export interface HealthCheckRef {
  apiVersion: string
  kind: string
  name: string
  namespace?: string
  pos: SourcePos
}

export interface SubstituteSource {
  kind: 'ConfigMap' | 'Secret' | string
  name: string
  optional: boolean
  /** True when some build of the cluster produces it. */
  found: boolean
  pos: SourcePos
}

export interface VariableReference {
  name: string
  /** '' for `${VAR}`, ':=' for `${VAR:=x}`, and so on. */
  op: string
  /** The expression gives its own value when the variable is unset. */
  hasDefault: boolean
  /** The variable is defined by substitute/substituteFrom (possibly with an unknown, SOPS-encrypted value). */
  defined: boolean
  pos: SourcePos
  /** apiVersion/kind/namespace/name of the object holding it. */
  resource: {apiVersion?: string; kind: string; namespace?: string; name: string}
}

/** HelmRelease values as helm-controller merges them (valuesFrom in order, then spec.values). */
export interface HelmValues {
  values: Record<string, unknown>
  locate(path: JsonPath): SourcePos | undefined
  /** Why a value cannot be known (SOPS-encrypted or missing optional source); undefined when `values` is authoritative. */
  unknown?(path: JsonPath): {reason: string; present?: boolean} | undefined
}

/** How a cluster was found (report-contract: clusters[].entry.foundBy). */
export type FoundBy =
  | 'flux-bootstrap'
  | 'flux-instance'
  | 'fluxinstance-chart'
  /** A directory of Flux Kustomizations nothing else applies, from a source that is not in git (`flux create`). */
  | 'flux-kustomizations'
  | 'kubeconfig-remote'
  | 'declared'
  /** The destination of Argo CD Applications written in the tree (or rendered by an app-of-apps). */
  | 'argocd-application'
  /** The destination of Applications an Argo CD ApplicationSet generates. */
  | 'argocd-applicationset'

export interface ClusterFound {
  /** Entry directory (or, for a remote cluster, the hub's entry directory), relative to the repository root. */
  path: string
  foundBy: FoundBy
  /** The object or file that made this a cluster (FluxInstance, HelmRelease, gotk-sync Kustomization, .kubectl-mesh.yaml entry). */
  at?: SourcePos
  /** The name the layout gave the cluster, when Cilium's cluster.name replaced it. */
  name?: string
}

/** A cluster that a hub's Flux controllers apply to through spec.kubeConfig. */
export interface RemoteTarget {
  /** The hub cluster's name. */
  hub: string
  namespace: string
  secretRef?: {name: string; key?: string}
  configMapRef?: {name: string}
}

export interface RenderedCluster {
  name: string
  /** Entry point directory, relative to the repository root (kubernetes/clusters/infra). */
  entry: string
  /** How the cluster was found; the renderer always sets it. */
  found?: ClusterFound
  /** Set for a cluster reached through spec.kubeConfig from a hub. */
  remote?: RemoteTarget
  /**
   * HelmReleases that run elsewhere (on a hub, with spec.kubeConfig) but install into this cluster: their values
   * describe this cluster. `hub` is the cluster whose objects their valuesFrom/chartRef are read from.
   */
  remoteReleases?: {release: RenderedObject; hub: RenderedCluster}[]
  objects: RenderedObject[]
  kustomizations: FluxKustomization[]
  /** Union of the cluster-wide settings variables (what cluster-settings.yaml / cluster-secrets define). */
  variables: Map<string, Variable>
  /** Why parts of the cluster could not be rendered (the same reasons as the CM005 findings). */
  incomplete?: string[]
  /** The Cilium chart installed by an Argo CD Application: its Helm values merged as Argo CD merges them. */
  argocdCilium?: ArgoCiliumRelease
}

export interface ArgoCiliumRelease {
  /** The (rendered or generated) Application. */
  app: RenderedObject
  values: HelmValues
  /** Values files read, in merge order. */
  files: string[]
  /** Where a missing setting goes. */
  valuesPos: SourcePos
  /** The chart's targetRevision. */
  chartVersion?: {value: string; source: SourcePos}
  /** destination.namespace (the release namespace). */
  namespace: string
}

export interface RenderedRepository {
  root: string
  clusters: RenderedCluster[]
  /** CM0xx/CM1xx findings produced while loading and rendering. */
  findings: Finding[]
  /** Which YAML files the clusters' builds read, for unreferenced-manifest checks. */
  files?: RepositoryFiles
  /** The `suppress:` rules of .kubectl-mesh.yaml. */
  suppress?: SuppressRule[]
  /** Clusters declared in .kubectl-mesh.yaml (their facts win over the repository's). */
  declared?: DeclaredClusterConfig[]
}

/** A `clusters:` entry of .kubectl-mesh.yaml (parsed in config.ts). */
export interface DeclaredClusterConfig {
  name: string
  /** Flux entry directory; absent for clusters no GitOps engine renders (helmfile, Talos, Terraform). */
  path?: string
  /** Helm values files of the Cilium release, merged in order (repository-relative). */
  ciliumValues?: string[]
  /** The ciliumValues files read and merged (positions point into those files); set when ciliumValues is. */
  ciliumHelmValues?: HelmValues
  /** Chart version of the Cilium release installed from ciliumValues (selects the chart defaults). */
  ciliumVersion?: {value: string; source: SourcePos}
  /** Namespace of the Cilium release installed from ciliumValues (default kube-system). */
  ciliumNamespace?: {value: string; source: SourcePos}
  podCIDRs?: {value: string[]; source: SourcePos}
  serviceCIDRs?: {value: string[]; source: SourcePos}
  nodeCIDRs?: {value: string[]; source: SourcePos}
  /** The clustermesh-apiserver address peers use (host name or IP). */
  clusterMeshAddress?: {value: string; source: SourcePos}
  /** kube context for doctor / dns-check. */
  context?: {value: string; source: SourcePos}
  pos: SourcePos
}

export interface RepositoryFiles {
  /** Every YAML file of the repository (hidden directories and node_modules excluded). */
  all: string[]
  /** Files some cluster build read. */
  included: Set<string>
  /** Directories a cluster build used as a Flux path or kustomization directory. */
  buildDirs: Set<string>
}
