// The parts of a Flux Kustomization (kustomize.toolkit.fluxcd.io) the renderer follows.
import type {KObj} from '../kustomize/resid.js'
import type {DependencyRef, HealthCheckRef, JsonPath, SourcePos} from '../types.js'

export interface FluxSpec {
  namespace: string
  name: string
  /** spec.path as written. */
  path: string
  sourceRef: {kind: string; name: string; namespace: string}
  targetNamespace?: string
  namePrefix?: string
  nameSuffix?: string
  patches: unknown[]
  components: string[]
  ignoreMissingComponents: boolean
  images: unknown[]
  dependsOn: DependencyRef[]
  healthChecks: HealthCheckRef[]
  postBuild?: {
    substitute: Record<string, string>
    substituteFrom: {kind: string; name: string; optional: boolean; at: SourcePos}[]
    strategy: 'WithVariables' | 'Always'
  }
  /** Labels and annotations kustomize-controller sets on every object it applies. */
  commonMetadata: {labels: Record<string, string>; annotations: Record<string, string>}
  suspend: boolean
  /** spec.kubeConfig: the objects are applied to another cluster (hub-and-spoke). */
  kubeConfig?: KubeConfigRef
}

export interface KubeConfigRef {
  secretRef?: {name: string; key?: string}
  configMapRef?: {name: string}
}

/** spec.kubeConfig of a Flux Kustomization or HelmRelease, when it names a Secret or ConfigMap. */
export function readKubeConfig(spec: Record<string, unknown>): KubeConfigRef | undefined {
  const kc = rec(spec.kubeConfig)
  const secret = rec(kc.secretRef)
  const config = rec(kc.configMapRef)
  if (str(secret.name)) return {secretRef: {name: str(secret.name)!, ...(str(secret.key) ? {key: str(secret.key)} : {})}}
  if (str(config.name)) return {configMapRef: {name: str(config.name)!}}
  return undefined
}

export const isFluxKustomization = (o: KObj): boolean =>
  typeof o.apiVersion === 'string' && o.apiVersion.startsWith('kustomize.toolkit.fluxcd.io/') && o.kind === 'Kustomization'

export const isHelmRelease = (o: KObj): boolean =>
  typeof o.apiVersion === 'string' && o.apiVersion.startsWith('helm.toolkit.fluxcd.io/') && o.kind === 'HelmRelease'

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : v === undefined || v === null ? undefined : String(v))

export function readFluxSpec(o: KObj, locate: (p: JsonPath) => SourcePos): FluxSpec {
  const meta = o.metadata ?? {}
  const namespace = meta.namespace || 'default'
  const spec = rec(o.spec)
  const src = rec(spec.sourceRef)
  const post = spec.postBuild === undefined || spec.postBuild === null ? undefined : rec(spec.postBuild)
  return {
    namespace,
    name: meta.name ?? '',
    path: str(spec.path) ?? '',
    sourceRef: {kind: str(src.kind) ?? '', name: str(src.name) ?? '', namespace: str(src.namespace) || namespace},
    ...(str(spec.targetNamespace) ? {targetNamespace: str(spec.targetNamespace)} : {}),
    ...(str(spec.namePrefix) ? {namePrefix: str(spec.namePrefix)} : {}),
    ...(str(spec.nameSuffix) ? {nameSuffix: str(spec.nameSuffix)} : {}),
    patches: list(spec.patches),
    components: list(spec.components).map(String),
    ignoreMissingComponents: spec.ignoreMissingComponents === true,
    images: list(spec.images),
    dependsOn: list(spec.dependsOn).map((d, i) => {
      const r = rec(d)
      return {name: str(r.name) ?? '', namespace: str(r.namespace) || namespace, pos: locate(['spec', 'dependsOn', i])}
    }),
    healthChecks: list(spec.healthChecks).map((h, i) => {
      const r = rec(h)
      return {
        apiVersion: str(r.apiVersion) ?? '',
        kind: str(r.kind) ?? '',
        name: str(r.name) ?? '',
        ...(str(r.namespace) ? {namespace: str(r.namespace)} : {}),
        pos: locate(['spec', 'healthChecks', i]),
      }
    }),
    ...(post
      ? {
          postBuild: {
            substitute: Object.fromEntries(Object.entries(rec(post.substitute)).map(([k, v]) => [k, str(v) ?? ''])),
            substituteFrom: list(post.substituteFrom).map((s, i) => {
              const r = rec(s)
              return {kind: str(r.kind) ?? '', name: str(r.name) ?? '', optional: r.optional === true, at: locate(['spec', 'postBuild', 'substituteFrom', i])}
            }),
            strategy: post.substituteStrategy === 'Always' ? 'Always' : 'WithVariables',
          },
        }
      : {}),
    commonMetadata: {
      labels: Object.fromEntries(Object.entries(rec(rec(spec.commonMetadata).labels)).map(([k, v]) => [k, str(v) ?? ''])),
      annotations: Object.fromEntries(Object.entries(rec(rec(spec.commonMetadata).annotations)).map(([k, v]) => [k, str(v) ?? ''])),
    },
    suspend: spec.suspend === true,
    ...(readKubeConfig(spec) ? {kubeConfig: readKubeConfig(spec)} : {}),
  }
}

/** spec.path relative to the source root, as Flux resolves it (leading "./" and "/" do not matter). */
export function fluxPath(path: string): string {
  return path.replace(/^(\.\/|\/)+/, '').replace(/^\.$/, '')
}
