// Runs `flux build kustomization --dry-run` for a Flux Kustomization we rendered, with our variables given
// inline (dry-run skips substituteFrom), and normalises the objects for comparison with ours.
import {spawnSync} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseAllDocuments} from 'yaml'
import type {FluxKustomization} from '../../../src/lib/gitops/types.js'
import {canonical} from './kubectl-oracle.js'

export type FluxBuild = {ok: true; objects: string[]} | {ok: false; error: string}

export function fluxBuild(bin: string, root: string, k: FluxKustomization): FluxBuild {
  const obj = structuredClone(k.object.object) as Record<string, any>
  obj.spec ??= {}
  obj.spec.path = `./${k.path}`
  const post = obj.spec.postBuild
  if (post) {
    delete post.substituteFrom
    post.substitute = Object.fromEntries([...k.variables].map(([name, v]) => [name, v.value]))
  }
  const dir = mkdtempSync(join(tmpdir(), 'flux-build-'))
  try {
    const file = join(dir, 'ks.yaml')
    // JSON, not YAML: a YAML writer for 1.2 leaves 1_000 or yes unquoted, which Go reads as YAML 1.1.
    writeFileSync(file, JSON.stringify(obj))
    const r = spawnSync(bin, ['build', 'kustomization', k.name, '--namespace', k.namespace, '--path', `./${k.path}`, '--kustomization-file', file, '--dry-run'],
      {cwd: root, encoding: 'utf8', maxBuffer: 256 << 20, env: {PATH: process.env.PATH ?? '', HOME: dir}})
    if (r.status !== 0) return {ok: false, error: r.stderr.trim()}
    const docs = parseAllDocuments(r.stdout)
    return {ok: true, objects: (Array.isArray(docs) ? docs : []).map((d) => d.toJS()).filter((v) => v).map(canonical).sort()}
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}
