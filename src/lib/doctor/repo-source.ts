// --repo DIR: the repository's MeshModel (the one load every command shares), to compare the live clusters with
// (CM304 identity, CM307 addresses). doctor reports no lint findings itself; it counts them for a note.
import {loadRepository} from '../lint/load.js'
import type {MeshModel} from '../mesh/types.js'

export async function loadRepoModel(dir: string): Promise<{model: MeshModel; renderProblems: number}> {
  const {repo, model} = await loadRepository(dir)
  return {model, renderProblems: repo.findings.length}
}
