// One repository load for every command that reads the repository (lint, dns-check, doctor --repo, init):
// render every cluster as Flux would, then build the mesh model over the rendered objects.
import {helmValues, renderRepository, type RenderedRepository} from '../gitops/index.js'
import {buildMeshModel, declaredFacts, type MeshModel} from '../mesh/index.js'
import {adoptCiliumNames} from '../mesh/names.js'

export interface LoadedRepository {
  repo: RenderedRepository
  model: MeshModel
}

export interface LoadOptions {
  /** Only these clusters; unknown names are a usage error. */
  clusters?: string[]
}

export async function loadRepository(dir: string, options: LoadOptions = {}): Promise<LoadedRepository> {
  const repo = await renderRepository(dir, options.clusters?.length ? {clusters: options.clusters} : {})
  // Facts declared in .kubectl-mesh.yaml win over the repository's; their ciliumValues stand in for a missing HelmRelease.
  const model = buildMeshModel(repo, {valuesOf: helmValues, declared: declaredFacts(repo.declared)})
  adoptCiliumNames(repo, model)
  return {repo, model}
}
