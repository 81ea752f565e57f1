// kustomize's built-in transformer configuration, parsed once from the data files next to this one.
import {parse} from 'yaml'
import {
  COMMON_ANNOTATIONS_YAML, COMMON_LABELS_YAML, IMAGES_YAML, NAMESPACE_YAML, REPLICAS_YAML, TEMPLATE_LABELS_YAML,
} from './builtin-fieldspecs.js'
import {NAME_REFERENCE_YAML} from './builtin-namereference.js'
import type {FieldSpec} from './fieldspec.js'

export interface NameReference {
  group?: string
  version?: string
  kind: string
  fieldSpecs: FieldSpec[]
}

export interface BuiltinConfig {
  namespace: FieldSpec[]
  commonLabels: FieldSpec[]
  templateLabels: FieldSpec[]
  commonAnnotations: FieldSpec[]
  images: FieldSpec[]
  replicas: FieldSpec[]
  nameReference: NameReference[]
}

const section = <T>(yamlText: string, key: string): T[] => ((parse(yamlText) as Record<string, T[]>)[key] ?? [])

let cached: BuiltinConfig | undefined

export function builtinConfig(): BuiltinConfig {
  cached ??= {
    namespace: section<FieldSpec>(NAMESPACE_YAML, 'namespace'),
    commonLabels: section<FieldSpec>(COMMON_LABELS_YAML, 'commonLabels'),
    templateLabels: section<FieldSpec>(TEMPLATE_LABELS_YAML, 'templateLabels'),
    commonAnnotations: section<FieldSpec>(COMMON_ANNOTATIONS_YAML, 'commonAnnotations'),
    images: section<FieldSpec>(IMAGES_YAML, 'images'),
    replicas: section<FieldSpec>(REPLICAS_YAML, 'replicas'),
    nameReference: section<NameReference>(NAME_REFERENCE_YAML, 'nameReference'),
  }
  return cached
}
