// The transformers of one kustomization, in kustomize's fixed order (kusttarget_configplugin.go):
// patchesStrategicMerge, patches, namespace, prefix, suffix, labels, annotations, patchesJson6902, replicas, images.
import type {BuildEnv} from './build-env.js'
import {builtinConfig} from './builtin-config.js'
import type {FieldSpec} from './fieldspec.js'
import {asArray, asStringMap, type Kustomization} from './kustomization-file.js'
import {applyLegacyJson6902, applyLegacyStrategicMerge, applyPatches} from './patches.js'
import type {KResource} from './resource.js'
import {addNameAffix, type ImageRule, mergeSpecs, setImages, setMapEntries, setNamespace, setReplicas} from './transformers.js'

export function applyTransformers(env: BuildEnv, k: Kustomization, resources: KResource[]): void {
  const f = k.fields
  applyLegacyStrategicMerge(env, k, resources)
  applyPatches(env, k, resources)
  if (typeof f.namespace === 'string' && f.namespace !== '') setNamespace(resources, f.namespace, k.at(['namespace']))
  const prefix = typeof f.namePrefix === 'string' ? f.namePrefix : ''
  const suffix = typeof f.nameSuffix === 'string' ? f.nameSuffix : ''
  if (prefix) addNameAffix(resources, prefix, '', k.at(['namePrefix']))
  if (suffix) addNameAffix(resources, '', suffix, k.at(['nameSuffix']))
  applyLabels(k, resources)
  const annotations = asStringMap(f.commonAnnotations)
  setMapEntries(resources, annotations, builtinConfig().commonAnnotations, (key) => k.at(['commonAnnotations', key]))
  applyLegacyJson6902(env, k, resources)
  for (const [i, raw] of asArray(f.replicas).entries()) {
    const r = (raw ?? {}) as Record<string, unknown>
    if (typeof r.name === 'string' && r.count !== undefined) setReplicas(resources, r.name, Number(r.count), k.at(['replicas', i]))
  }
  const images: ImageRule[] = asArray(f.images).flatMap((raw, i) => {
    const r = (raw ?? {}) as Record<string, unknown>
    if (typeof r.name !== 'string') return []
    return [{
      name: r.name,
      ...(typeof r.newName === 'string' ? {newName: r.newName} : {}),
      ...(r.newTag !== undefined && r.newTag !== null ? {newTag: String(r.newTag)} : {}),
      ...(typeof r.digest === 'string' ? {digest: r.digest} : {}),
      at: k.at(['images', i]),
    }]
  })
  if (images.length) setImages(resources, images)
}

/** `labels` entries first (metadata only unless includeSelectors/includeTemplates), then commonLabels. */
function applyLabels(k: Kustomization, resources: KResource[]): void {
  const cfg = builtinConfig()
  for (const [i, raw] of asArray(k.fields.labels).entries()) {
    const entry = (raw ?? {}) as Record<string, unknown>
    const pairs = asStringMap(entry.pairs)
    const own = asArray(entry.fields) as FieldSpec[]
    let specs: FieldSpec[]
    if (entry.includeSelectors === true) specs = mergeSpecs(own, cfg.commonLabels)
    else if (entry.includeTemplates === true) specs = mergeSpecs(own, cfg.templateLabels, [{path: 'metadata/labels', create: true}])
    else specs = mergeSpecs(own, [{path: 'metadata/labels', create: true}])
    setMapEntries(resources, pairs, specs, (key) => k.at(['labels', i, 'pairs', key]))
  }
  const common = asStringMap(k.fields.commonLabels)
  setMapEntries(resources, common, cfg.commonLabels, (key) => k.at(['commonLabels', key]))
}
