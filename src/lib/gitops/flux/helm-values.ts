// HelmRelease values as helm-controller merges them (fluxcd/pkg/chartutil ChartValuesFromReferences):
// valuesFrom in order (ConfigMap/Secret of the release's namespace, key values.yaml by default, merged at the
// root or set at targetPath with Helm's --set rules), then spec.values over everything.
import {docPos} from '../provenance.js'
import {parseYamlFile} from '../repo/yaml-file.js'
import type {HelmValues, JsonPath, RenderedCluster, RenderedObject, SourcePos} from '../types.js'
import {hasSopsCiphertext, isSopsData, isSopsObject} from './variables.js'
import {setPath, splitPath} from './strvals.js'

type Values = Record<string, unknown>

interface Layer {
  /** Values this layer contributes (empty when unknown). */
  values: Values
  /** Where values of this layer are (path relative to the values root). */
  locate: (path: JsonPath) => SourcePos | undefined
  /** Set when the layer's content cannot be read: it may set `prefix` (everything when []). */
  unknown?: {reason: string; prefix: JsonPath; present: boolean}
}

const rec = (v: unknown): Values => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Values) : {})

export function helmValues(cluster: RenderedCluster, hr: RenderedObject): HelmValues {
  const spec = rec(hr.object.spec)
  const ns = hr.object.metadata?.namespace || 'default'
  const layers: Layer[] = []
  const refs = Array.isArray(spec.valuesFrom) ? spec.valuesFrom : []
  refs.forEach((raw, i) => {
    const layer = valuesFromLayer(cluster, hr, ns, rec(raw), i)
    if (layer) layers.push(layer)
  })
  layers.push({values: rec(spec.values), locate: (p) => hr.locate(['spec', 'values', ...p])})
  let values: Values = {}
  for (const l of layers) values = mergeMaps(values, l.values)
  return {
    values,
    locate(path) {
      for (const l of [...layers].reverse()) if (has(l.values, path)) return l.locate(path)
      return hr.locate(['spec', 'values', ...path])
    },
    unknown(path) {
      for (const l of [...layers].reverse()) {
        if (has(l.values, path)) return undefined
        if (l.unknown && isPrefix(l.unknown.prefix, path)) return {reason: l.unknown.reason, present: l.unknown.present && l.unknown.prefix.length > 0}
      }
      return undefined
    },
  }
}

function valuesFromLayer(cluster: RenderedCluster, hr: RenderedObject, ns: string, ref: Values, i: number): Layer | undefined {
  const kind = String(ref.kind ?? '')
  const name = String(ref.name ?? '')
  const key = typeof ref.valuesKey === 'string' && ref.valuesKey ? ref.valuesKey : 'values.yaml'
  const target = typeof ref.targetPath === 'string' && ref.targetPath ? ref.targetPath : undefined
  const optional = ref.optional === true
  const entryPos = hr.locate(['spec', 'valuesFrom', i]) ?? hr.source
  const label = `${kind} ${ns}/${name} key ${key}`
  const prefix = target ? splitPath(target) : []
  const unknown = (reason: string, present: boolean): Layer => ({values: {}, locate: () => entryPos, unknown: {reason, prefix, present}})
  const obj = cluster.objects.find((o) => o.object.kind === kind && o.object.metadata?.name === name && (o.object.metadata?.namespace || 'default') === ns)
  if (!obj) return optional ? undefined : unknown(`valuesFrom ${label}: the ${kind} is not in the rendered cluster (helm-controller fails the release)`, true)
  const picked = candidateKey(cluster, obj, key)
  if (picked.kind === 'ambiguous') return unknown(`valuesFrom ${label}: the key depends on a variable known only in the cluster (SOPS-encrypted); it may be ${picked.keys.join(', ')}`, true)
  const raw = readKey(obj, picked.key)
  if (raw.kind === 'missing') return optional ? undefined : unknown(`valuesFrom ${label}: the key does not exist (helm-controller fails the release)`, true)
  if (raw.kind === 'encrypted') return unknown(`valuesFrom ${label} is SOPS-encrypted: its values are known only in the cluster`, true)
  const at = obj.locate([raw.field, picked.key]) ?? obj.source
  if (target) {
    const values: Values = {}
    try {
      setPath(values, target, raw.text, ref.literal === true)
    } catch (error) {
      return unknown(`valuesFrom ${label}: targetPath ${target}: ${(error as Error).message}`, true)
    }
    return {values, locate: () => at}
  }
  const file = parseYamlFile(at.file, raw.text)
  if (file.error) return unknown(`valuesFrom ${label} is not valid YAML: ${file.error.message}`, false)
  const doc = file.docs[0]
  // A configMapGenerator file entry holds the whole file: its values have positions in that file.
  const whole = doc && at.line === 1 && at.column === 1
  return {values: rec(doc?.value), locate: (p) => (whole ? (docPos({doc, prefix: []}, p) ?? at) : at)}
}

/**
 * valuesKey `${CLUSTER_NAME}.yaml` whose variable is SOPS-encrypted stays unsubstituted: the key is one of those the
 * object has that fit the pattern; with several, the one whose variable part is the cluster's name.
 */
function candidateKey(cluster: RenderedCluster, obj: RenderedObject, key: string): {kind: 'key'; key: string} | {kind: 'ambiguous'; keys: string[]} {
  const VAR = /\$\{[^}]*\}/g
  if (!VAR.test(key)) return {kind: 'key', key}
  const parts = key.split(VAR)
  const escape = (t: string) => t.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')
  const pattern = new RegExp(`^${parts.map(escape).join('(.+)')}$`)
  const o = obj.object as Values
  const keys = [...new Set([...Object.keys(rec(o.data)), ...Object.keys(rec(o.stringData)), ...Object.keys(rec(o.binaryData))])].filter((k) => pattern.test(k)).sort()
  if (keys.length === 0) return {kind: 'key', key}
  if (keys.length === 1) return {kind: 'key', key: keys[0]!}
  const mine = keys.filter((k) => pattern.exec(k)!.slice(1).every((v) => v === cluster.name))
  return mine.length === 1 ? {kind: 'key', key: mine[0]!} : {kind: 'ambiguous', keys}
}

type Raw = {kind: 'text'; text: string; field: string} | {kind: 'missing'} | {kind: 'encrypted'}

function readKey(obj: RenderedObject, key: string): Raw {
  const o = obj.object as Values
  const data = rec(o.data)
  if (o.kind === 'ConfigMap') return !(key in data) ? {kind: 'missing'} : hasSopsCiphertext(data[key]) ? {kind: 'encrypted'} : {kind: 'text', text: String(data[key] ?? ''), field: 'data'}
  const stringData = rec(o.stringData)
  if (key in stringData) return isSopsObject(o) || hasSopsCiphertext(stringData[key]) ? {kind: 'encrypted'} : {kind: 'text', text: String(stringData[key] ?? ''), field: 'stringData'}
  if (!(key in data)) return {kind: 'missing'}
  if (isSopsObject(o) || isSopsData(data[key])) return {kind: 'encrypted'}
  return {kind: 'text', text: Buffer.from(String(data[key] ?? ''), 'base64').toString('utf8'), field: 'data'}
}

/** Helm's MergeMaps: maps merge key by key, anything else is replaced by the later value. */
export function mergeMaps(a: Values, b: Values): Values {
  const out: Values = {...a}
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k]
    out[k] = prev && typeof prev === 'object' && !Array.isArray(prev) && v && typeof v === 'object' && !Array.isArray(v) ? mergeMaps(prev as Values, v as Values) : v
  }
  return out
}

/** Whether a value exists at the path (arrays by index, maps by key). */
export function has(values: unknown, path: JsonPath): boolean {
  let cur = values
  for (const k of path) {
    if (Array.isArray(cur) && typeof k === 'number' && k < cur.length) cur = cur[k]
    else if (cur && typeof cur === 'object' && !Array.isArray(cur) && Object.hasOwn(cur, String(k))) cur = (cur as Values)[String(k)]
    else return false
  }
  return true
}

const isPrefix = (prefix: JsonPath, path: JsonPath) => prefix.length <= path.length && prefix.every((k, i) => String(k) === String(path[i]))
