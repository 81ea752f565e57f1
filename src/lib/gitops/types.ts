// What the GitOps layer hands to the mesh model and the checks: every cluster rendered as Flux would.
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
  /** Position of a field, through patches and substitution; undefined when unknown. */
  locate(path: JsonPath): SourcePos | undefined
  /** The Flux Kustomization (namespace/name) whose build produced it; undefined for the entry point itself. */
  producedBy?: string
}

export interface Variable {
  value: string
  /** Where it is defined (a ConfigMap/Secret data key or an inline substitute entry). */
  source?: SourcePos
  /** True for SOPS-encrypted Secret values: known to exist, unknown in value. */
  unknown?: boolean
}

export interface FluxKustomization {
  namespace: string
  name: string
  path: string
  /** Variables postBuild gave this Kustomization's build (after substitute over substituteFrom). */
  variables: Map<string, Variable>
  object: RenderedObject
}

export interface RenderedCluster {
  name: string
  /** Entry point directory, relative to the repository root (kubernetes/clusters/infra). */
  entry: string
  objects: RenderedObject[]
  kustomizations: FluxKustomization[]
  /** Union of the cluster-wide settings variables (what cluster-settings.yaml / cluster-secrets define). */
  variables: Map<string, Variable>
}

export interface RenderedRepository {
  root: string
  clusters: RenderedCluster[]
  /** CM0xx/CM1xx findings produced while loading and rendering. */
  findings: Finding[]
}
