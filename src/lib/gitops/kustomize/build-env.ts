// What one kustomize build collects besides resources: files it read, problems, and what it could not evaluate.
import type {RawFinding} from '../findings.js'
import {joinRel} from '../repo/paths.js'
import type {Repo} from '../repo/repo.js'
import type {SourcePos} from '../types.js'

export interface BuildEnv {
  repo: Repo
  /** Files the build read (resources, patches, generator inputs, kustomization files). */
  files: Set<string>
  /** Directories holding a kustomization file that the build used. */
  dirs: Set<string>
  problems: RawFinding[]
  /** Reasons the output is incomplete (unsupported features, build errors); empty when complete. */
  incomplete: string[]
}

export function newEnv(repo: Repo): BuildEnv {
  return {repo, files: new Set(), dirs: new Set(), problems: [], incomplete: []}
}

/** A build step kustomize would refuse: the Flux Kustomization fails, so the output is marked incomplete. */
export function buildError(env: BuildEnv, message: string, at: SourcePos): void {
  env.problems.push({id: 'CM006', message: `kustomize build fails: ${message}`, at})
  env.incomplete.push(message)
}

/** Something we do not evaluate (helmCharts, remote bases, replacements …): checks depending on it skip. */
export function unsupported(env: BuildEnv, message: string, at: SourcePos): void {
  env.problems.push({id: 'CM005', message, at})
  env.incomplete.push(message)
}

export type FileText = {ok: true; rel: string; text: string} | {ok: false}

/** Reads a file referenced from a kustomization in `dir`, reporting missing/escaping paths as CM002. */
export function readReferenced(env: BuildEnv, dir: string, ref: string, at: SourcePos, what: string): FileText {
  const rel = joinRel(dir, ref)
  if (rel === undefined) {
    env.problems.push({id: 'CM002', message: `${what} ${JSON.stringify(ref)} resolves outside the repository`, at})
    env.incomplete.push(`${what} ${ref} is outside the repository`)
    return {ok: false}
  }
  const text = env.repo.fs.readText(rel)
  if (!text.ok) {
    if (text.problem === 'missing' || text.problem === 'escape' || text.problem === 'loop') {
      env.problems.push({id: 'CM002', message: `${what} ${JSON.stringify(ref)}: ${text.detail}`, at})
    } else env.problems.push({id: 'CM001', message: `${what} ${JSON.stringify(ref)}: ${text.detail}`, at})
    env.incomplete.push(`${what} ${ref} cannot be read`)
    return {ok: false}
  }
  env.files.add(rel)
  return {ok: true, rel, text: text.text}
}
