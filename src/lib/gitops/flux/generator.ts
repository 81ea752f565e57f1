// kustomize-controller's generator (fluxcd/pkg/kustomize kustomize_generator.go): use the directory's
// kustomization file or generate one listing every YAML file below it (a subdirectory with its own
// kustomization file is listed as a directory and not descended), then overlay the Flux spec on it:
// targetNamespace replaces `namespace`, namePrefix/nameSuffix, patches, components and images are added.
import {type BuildEnv, buildError} from '../kustomize/build-env.js'
import {findKustomizationFile, fromObject, type Kustomization, loadKustomization} from '../kustomize/kustomization-file.js'
import {isYamlName, joinRel} from '../repo/paths.js'
import type {Repo} from '../repo/repo.js'
import type {JsonPath, SourcePos} from '../types.js'
import type {FluxSpec} from './spec.js'

/** source-controller's default ignore rules, for the names that can end in .yaml/.yml or are directories. */
const IGNORED_NAMES = new Set(['.git', '.github', '.circleci', '.travis.yml', '.gitlab-ci.yml', 'appveyor.yml', '.drone.yml',
  'cloudbuild.yaml', 'codeship-services.yml', 'codeship-steps.yml', '.goreleaser.yml', '.sops.yaml', '.flux.yaml'])

export interface FluxTarget {
  k: Kustomization
  generated: boolean
}

export function fluxKustomization(env: BuildEnv, dir: string, spec: FluxSpec, specAt: (p: JsonPath) => SourcePos): FluxTarget | undefined {
  const repo = env.repo
  let base: Kustomization | undefined
  let generated = false
  if (findKustomizationFile(repo, dir).length > 0) {
    const found = loadKustomization(repo, dir)
    if (!found.found) return void buildError(env, `cannot read the kustomization in ${dir}: ${found.detail ?? ''}`, specAt(['spec', 'path']))
    base = found.kustomization
  } else {
    const resources = scan(env, dir, specAt(['spec', 'path']))
    if (!resources) return undefined
    generated = true
    const fields = resources.length ? {resources} : {namespace: '_placeholder'}
    base = fromObject(dir, fields, {fallback: specAt(['spec', 'path'])})
  }
  return {k: overlay(repo, base, spec, specAt), generated}
}

/** Lists the YAML files and kustomization directories below `dir`, refusing files that are not Kubernetes objects. */
function scan(env: BuildEnv, dir: string, at: SourcePos): string[] | undefined {
  const repo = env.repo
  const out: string[] = []
  const seen = new Set<string>()
  let failed = false
  const walk = (d: string, prefix: string): void => {
    const r = repo.fs.resolve(d)
    if (!r.ok || r.kind !== 'dir' || seen.has(r.real)) return
    seen.add(r.real)
    for (const e of repo.fs.list(d)) {
      if (IGNORED_NAMES.has(e.name)) continue
      const rel = `${d}/${e.name}`.replace(/^\//, '')
      if (e.kind === 'dir') {
        if (findKustomizationFile(repo, rel).length > 0) out.push(`./${prefix}${e.name}`)
        else walk(rel, `${prefix}${e.name}/`)
      } else if (e.kind === 'file' && isYamlName(e.name)) {
        if (!isKubernetesYaml(env, rel, at)) failed = true
        out.push(`./${prefix}${e.name}`)
      }
    }
  }
  walk(dir, '')
  return failed ? undefined : out
}

/** kustomize-controller decodes every generated resource file and fails the build when one is not a manifest. */
function isKubernetesYaml(env: BuildEnv, rel: string, at: SourcePos): boolean {
  const loaded = env.repo.load(rel)
  if (!loaded.ok || loaded.file.error) {
    env.incomplete.push(`${rel} cannot be read`)
    return true // reported as CM001 by the loader; the build itself goes on without the file
  }
  for (const doc of loaded.file.docs) {
    const v = doc.value as Record<string, unknown> | null
    if (v === null || v === undefined) continue
    const ok = typeof v === 'object' && !Array.isArray(v) && typeof v.kind === 'string' && v.kind !== '' &&
      (v.kind.endsWith('List') || !!(v.metadata as Record<string, unknown> | undefined)?.name)
    if (!ok) {
      buildError(env, `failed to decode Kubernetes YAML from ${rel}: it is not a Kubernetes object (kind and metadata.name are required); kustomize-controller generates a kustomization.yaml listing every YAML file under the path`, doc.start)
      return false
    }
  }
  return true
}

function overlay(repo: Repo, base: Kustomization, spec: FluxSpec, specAt: (p: JsonPath) => SourcePos): Kustomization {
  const fields: Record<string, unknown> = {...base.fields}
  const from: Record<string, number> = {}
  if (spec.targetNamespace) fields.namespace = spec.targetNamespace
  if (spec.namePrefix) fields.namePrefix = spec.namePrefix
  if (spec.nameSuffix) fields.nameSuffix = spec.nameSuffix
  if (spec.patches.length) {
    from.patches = Array.isArray(fields.patches) ? fields.patches.length : 0
    fields.patches = [...(Array.isArray(fields.patches) ? fields.patches : []), ...spec.patches]
  }
  const comps = spec.components.filter((c) => !spec.ignoreMissingComponents || repo.fs.resolve(joinRel(base.dir, c) ?? '..').ok)
  if (comps.length) {
    from.components = Array.isArray(fields.components) ? fields.components.length : 0
    fields.components = [...(Array.isArray(fields.components) ? fields.components : []), ...comps]
  }
  if (spec.images.length) fields.images = mergeImages(Array.isArray(fields.images) ? fields.images : [], spec.images)
  const fluxField: Record<string, string> = {namespace: 'targetNamespace', namePrefix: 'namePrefix', nameSuffix: 'nameSuffix'}
  const at = (path: JsonPath): SourcePos => {
    const [head, index, ...rest] = path
    if (typeof head === 'string' && head in fluxField && spec[fluxField[head] as 'targetNamespace']) return specAt(['spec', fluxField[head]!])
    if (typeof head === 'string' && head in from && typeof index === 'number' && index >= from[head]!) {
      return specAt(['spec', head, index - from[head]!, ...rest])
    }
    return base.at(path)
  }
  return {...base, fields, at}
}

/** Flux merges spec.images into the kustomization's images by name (a new tag or digest replaces both). */
function mergeImages(existing: unknown[], extra: unknown[]): unknown[] {
  const out = existing.map((i) => ({...(i as Record<string, unknown>)}))
  for (const raw of extra) {
    const img = raw as Record<string, unknown>
    const hit = out.find((o) => o.name === img.name)
    if (!hit) {
      out.push({...img})
      continue
    }
    if (img.newName) hit.newName = img.newName
    if (img.newTag || img.digest) {
      hit.newTag = img.newTag
      hit.digest = img.digest
    }
  }
  return out
}
