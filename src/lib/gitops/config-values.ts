// The Helm values files of a declared cluster's Cilium release (.kubectl-mesh.yaml ciliumValues), merged as Helm
// merges `-f a.yaml -f b.yaml` (helmfile values:, Terraform helm_release values): maps merge key by key, anything
// else is replaced by the later file. Positions point into the values files. A file that cannot be read makes
// what it could set unknown, never guessed; a SOPS-encrypted file (helm-secrets) shows which keys it sets, not
// their values, and its content never enters the merged values.
import {has, mergeMaps} from './flux/helm-values.js'
import {isSopsObject} from './flux/variables.js'
import {docPos} from './provenance.js'
import type {Repo} from './repo/repo.js'
import type {YamlDoc} from './repo/yaml-file.js'
import type {HelmValues, JsonPath, SourcePos} from './types.js'

type Values = Record<string, unknown>

interface Layer {
  file: string
  values: Values
  doc?: YamlDoc
  /** The layer's content cannot be read: every path it might set is unknown. */
  unreadable?: string
  /** SOPS-encrypted: the keys are visible, the values are not. */
  encrypted?: string
}

const isValues = (v: unknown): v is Values => typeof v === 'object' && v !== null && !Array.isArray(v)

function readLayer(repo: Repo, file: string, pos: SourcePos): Layer {
  const r = repo.fs.resolve(file)
  if (!r.ok || r.kind !== 'file') return {file, values: {}, unreadable: `values file ${file} cannot be read`}
  if (/\.gotmpl$/.test(file)) return {file, values: {}, unreadable: `values file ${file} is a helmfile template, known only once helmfile renders it`}
  const loaded = repo.load(file)
  if (!loaded.ok) return {file, values: {}, unreadable: `values file ${file}: ${loaded.detail}`}
  if (loaded.file.error) return {file, values: {}, unreadable: `values file ${file} is not valid YAML`}
  const doc = loaded.file.docs[0]
  const value = doc?.value ?? {}
  if (!isValues(value)) {
    repo.sink.add({id: 'CM001', message: `${file}: a Helm values file must be a mapping (listed in .kubectl-mesh.yaml ciliumValues at line ${pos.line})`, at: doc?.start ?? pos})
    return {file, values: {}, unreadable: `values file ${file} is not a mapping`}
  }
  if (isSopsObject(value)) {
    const {sops: _, ...keys} = value
    return {file, values: keys, ...(doc ? {doc} : {}), encrypted: `values file ${file} is SOPS-encrypted: its values are known only in the cluster`}
  }
  return {file, values: value, ...(doc ? {doc} : {})}
}

export function readValuesFiles(repo: Repo, files: readonly string[], positions: readonly SourcePos[]): HelmValues {
  const layers = files.map((file, i) => readLayer(repo, file, positions[i]!))
  let values: Values = {}
  for (const l of layers) if (!l.unreadable && !l.encrypted) values = mergeMaps(values, l.values)
  const newestFirst = [...layers].reverse()
  return {
    values,
    locate(path) {
      for (const l of newestFirst) {
        if (l.doc && has(l.values, path)) return docPos({doc: l.doc, prefix: []}, path) ?? l.doc.start
      }
      return undefined
    },
    unknown(path) {
      for (const l of newestFirst) {
        if (l.unreadable) return {reason: l.unreadable}
        if (!has(l.values, path)) continue
        return l.encrypted ? {reason: l.encrypted, present: true} : undefined
      }
      return undefined
    },
  }
}
