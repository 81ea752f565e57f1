// Shared helpers of the CM1xx checks: they read the rendered repository, never the disk.
import type {Check, CheckContext, FindingInput} from '../engine.js'
import type {FluxKustomization, RenderedCluster, RenderedObject, RenderedRepository, SourcePos} from '../../gitops/types.js'

export interface GitopsModel {
  repo: RenderedRepository
}

export type GitopsCheck = Check<GitopsModel>

export const ksKey = (k: {namespace: string; name: string}) => `${k.namespace}/${k.name}`

export const at = (pos: SourcePos | undefined): Pick<FindingInput, 'file' | 'line' | 'column'> =>
  pos ? {file: pos.file, line: pos.line, column: pos.column} : {}

export function resourceOf(obj: RenderedObject): NonNullable<FindingInput['resource']> {
  const o = obj.object
  return {
    ...(o.apiVersion ? {apiVersion: o.apiVersion} : {}),
    kind: o.kind ?? '',
    ...(o.metadata?.namespace ? {namespace: o.metadata.namespace} : {}),
    name: o.metadata?.name ?? '',
  }
}

export const ksResource = (k: FluxKustomization) => ({apiVersion: k.object.object.apiVersion, kind: 'Kustomization', namespace: k.namespace, name: k.name})

/** Runs `fn` per cluster and records that the cluster was examined. */
export function perCluster(model: GitopsModel, ctx: CheckContext, fn: (c: RenderedCluster) => void): void {
  for (const c of model.repo.clusters) {
    fn(c)
    ctx.pass({cluster: c.name})
  }
}

/** Kustomizations of the cluster that could not be rendered completely (their objects may be missing). */
export const incompleteKustomizations = (c: RenderedCluster) => c.kustomizations.filter((k) => (k.incomplete ?? []).length > 0)

export const isHelmRelease = (o: RenderedObject) =>
  typeof o.object.apiVersion === 'string' && o.object.apiVersion.startsWith('helm.toolkit.fluxcd.io/') && o.object.kind === 'HelmRelease'
