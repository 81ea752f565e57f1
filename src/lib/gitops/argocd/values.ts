// The Helm values of an Argo CD Application that installs the Cilium chart, merged as Argo CD documents
// ("Order of precedence is parameters > valuesObject > values > valueFiles > helm repository values.yaml",
// user-guide/helm.md): chart defaults ← valueFiles in order (`$ref/…` of a multi-source Application resolved into
// this repository, globs expanded in lexical order, ignoreMissingValueFiles) ← values (a YAML string; ignored when
// valuesObject is set: ApplicationSourceHelm.ValuesYAML returns valuesObject then) ← valuesObject ← parameters
// (`--set`, `--set-string` with forceString). Positions point into the values files and the Application.
import {has, mergeMaps} from '../flux/helm-values.js'
import {setPath} from '../flux/strvals.js'
import {isSopsObject} from '../flux/variables.js'
import type {RawFinding} from '../findings.js'
import {docPos} from '../provenance.js'
import {normaliseRel} from '../repo/paths.js'
import type {Repo} from '../repo/repo.js'
import {parseYamlFile, type YamlDoc} from '../repo/yaml-file.js'
import type {HelmValues, JsonPath, RenderedObject, SourcePos} from '../types.js'
import {globToRegExp} from './generators.js'
import type {ArgoTree} from './tree.js'

type Values = Record<string, unknown>
const rec = (v: unknown): Values => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Values) : {})

const CILIUM_REPOS = /(^|\/\/|\.)helm\.cilium\.io(\/|$)|quay\.io\/cilium\/charts?(\/|$)/

/** The Cilium chart from helm.cilium.io, its OCI location (quay.io/cilium/charts) or any mirror carrying `chart: cilium`. */
export function isCiliumSource(s: Values): boolean {
  if (s.chart === 'cilium') return true
  const url = typeof s.repoURL === 'string' ? s.repoURL.replace(/\/+$/, '') : ''
  // An OCI reference naming the chart itself (oci://quay.io/cilium/charts/cilium) with no chart field.
  return s.chart === undefined && s.path === undefined && CILIUM_REPOS.test(url) && /\/cilium$/.test(url)
}

export interface ArgoCiliumValues {
  values: HelmValues
  /** The values files read, in merge order. */
  files: string[]
  /** Where a missing setting goes: valuesObject/values of the Application, else the last values file. */
  valuesPos: SourcePos
  chartVersion?: {value: string; source: SourcePos}
  namespace: string
}

interface Layer {
  values: Values
  locate: (p: JsonPath) => SourcePos | undefined
  unknown?: string
}

export function ciliumSource(app: RenderedObject): {source: Values; path: JsonPath; sources: Values[]} | undefined {
  const spec = rec(app.object.spec)
  if (Array.isArray(spec.sources)) {
    const sources = spec.sources.map(rec)
    const i = sources.findIndex(isCiliumSource)
    return i < 0 ? undefined : {source: sources[i]!, path: ['spec', 'sources', i], sources}
  }
  const s = rec(spec.source)
  return isCiliumSource(s) ? {source: s, path: ['spec', 'source'], sources: [s]} : undefined
}

export function ciliumValues(repo: Repo, tree: ArgoTree, app: RenderedObject, report: (f: RawFinding) => void): ArgoCiliumValues | undefined {
  const found = ciliumSource(app)
  if (!found) return undefined
  const {source, path, sources} = found
  const helm = rec(source.helm)
  const hp = [...path, 'helm']
  const at = (p: JsonPath) => app.locate([...hp, ...p]) ?? app.source
  const appName = `Application ${app.object.metadata?.namespace ?? 'argocd'}/${app.object.metadata?.name ?? ''}`
  const ignoreMissing = helm.ignoreMissingValueFiles === true
  const layers: Layer[] = []
  const files: string[] = []
  const valueFiles = Array.isArray(helm.valueFiles) ? helm.valueFiles : []
  valueFiles.forEach((raw, i) => {
    const ref = String(raw)
    const pos = at(['valueFiles', i])
    const m = /^\$([^/]+)\/(.*)$/.exec(ref)
    if (!m) {
      // Relative to the chart: a file of the chart package, not of this repository.
      if (ref !== 'values.yaml') layers.push({values: {}, locate: () => pos, unknown: `${appName}: valueFiles ${ref} is a file of the chart package, not read`})
      return
    }
    const refSource = sources.find((s) => s.ref === m[1])
    if (!refSource) {
      report({id: 'CM002', message: `${appName}: valueFiles ${ref}: no source has ref: ${m[1]} (Argo CD fails to render)`, at: pos})
      layers.push({values: {}, locate: () => pos, unknown: `valueFiles ${ref} cannot be resolved`})
      return
    }
    if (!tree.isSelf(refSource.repoURL)) {
      report({id: 'CM005', message: `${appName}: valueFiles ${ref} comes from ${String(refSource.repoURL)}, not this repository (${tree.self.rule}): not read`, at: pos})
      layers.push({values: {}, locate: () => pos, unknown: `valueFiles ${ref} is in another repository`})
      return
    }
    const rel = normaliseRel(m[2]!)
    if (rel === undefined) {
      report({id: 'CM002', message: `${appName}: valueFiles ${ref} climbs out of the repository`, at: pos})
      return
    }
    const matched = /[*?[]/.test(rel) ? repo.yamlFiles().filter((f) => globToRegExp(rel).test(f)).sort() : [rel]
    if (matched.length === 0 && !ignoreMissing) report({id: 'CM002', message: `${appName}: valueFiles ${ref} matches no file (Argo CD fails to render; set ignoreMissingValueFiles: true if that is meant)`, at: pos})
    for (const file of matched) {
      const r = repo.fs.resolve(file)
      if (!r.ok || r.kind !== 'file') {
        if (!ignoreMissing) {
          report({id: 'CM002', message: `${appName}: valueFiles ${ref}: ${file} does not exist (Argo CD fails to render; set ignoreMissingValueFiles: true if that is meant)`, at: pos})
          layers.push({values: {}, locate: () => pos, unknown: `values file ${file} does not exist`})
        }
        continue
      }
      files.push(file)
      layers.push(fileLayer(repo, file, pos))
    }
  })
  if (helm.valuesObject !== undefined && helm.valuesObject !== null) {
    layers.push({values: rec(helm.valuesObject), locate: (p) => app.locate([...hp, 'valuesObject', ...p])})
  } else if (typeof helm.values === 'string' && helm.values.trim()) {
    layers.push(stringLayer(repo, app, [...hp, 'values'], helm.values, appName, report))
  } else if (helm.values && typeof helm.values === 'object') {
    layers.push({values: rec(helm.values), locate: (p) => app.locate([...hp, 'values', ...p])})
  }
  const params = Array.isArray(helm.parameters) ? helm.parameters.map(rec) : []
  params.forEach((p, i) => {
    const values: Values = {}
    try {
      setPath(values, String(p.name ?? ''), String(p.value ?? ''), p.forceString === true)
    } catch (error) {
      report({id: 'CM005', message: `${appName}: helm parameter ${String(p.name)}: ${(error as Error).message}`, at: at(['parameters', i])})
      return
    }
    layers.push({values, locate: () => at(['parameters', i, 'value'])})
  })
  let values: Values = {}
  for (const l of layers) values = mergeMaps(values, l.values)
  const newestFirst = [...layers].reverse()
  const inline = helm.valuesObject !== undefined ? ['valuesObject'] : helm.values !== undefined ? ['values'] : undefined
  const version = typeof source.targetRevision === 'string' || typeof source.targetRevision === 'number' ? String(source.targetRevision) : undefined
  const dest = rec(rec(app.object.spec).destination)
  return {
    values: {
      values,
      locate(p) {
        for (const l of newestFirst) if (has(l.values, p)) return l.locate(p)
        return undefined
      },
      unknown(p) {
        for (const l of newestFirst) {
          if (has(l.values, p)) return undefined
          if (l.unknown) return {reason: l.unknown}
        }
        return undefined
      },
    },
    files,
    valuesPos: inline ? at(inline) : files.length ? {file: files.at(-1)!, line: 1, column: 1} : app.locate(hp) ?? app.source,
    ...(version && version !== '*' ? {chartVersion: {value: version, source: app.locate([...path, 'targetRevision']) ?? app.source}} : {}),
    namespace: typeof dest.namespace === 'string' && dest.namespace ? dest.namespace : 'default',
  }
}

function fileLayer(repo: Repo, file: string, pos: SourcePos): Layer {
  const loaded = repo.load(file)
  if (!loaded.ok) return {values: {}, locate: () => pos, unknown: `values file ${file}: ${loaded.detail}`}
  if (loaded.file.error) return {values: {}, locate: () => pos, unknown: `values file ${file} is not valid YAML`}
  const doc = loaded.file.docs[0]
  const value = rec(doc?.value)
  if (isSopsObject(value)) return {values: {}, locate: () => pos, unknown: `values file ${file} is SOPS-encrypted: its values are known only in the cluster`}
  return {values: value, locate: (p) => (doc ? (docPos({doc, prefix: []}, p) ?? doc.start) : pos)}
}

/** `values: |` — a YAML string inside the Application: positions are mapped back into the Application's file. */
function stringLayer(repo: Repo, app: RenderedObject, path: JsonPath, text: string, appName: string, report: (f: RawFinding) => void): Layer {
  const pos = app.locate(path) ?? app.source
  const parsed = parseYamlFile(pos.file, text)
  if (parsed.error) {
    report({id: 'CM001', message: `${appName}: helm.values is not valid YAML: ${parsed.error.message}`, at: pos})
    return {values: {}, locate: () => pos, unknown: `${appName}: helm.values is not valid YAML`}
  }
  const doc: YamlDoc | undefined = parsed.docs[0]
  const lines = repo.fs.readText(pos.file)
  const fileLines = lines.ok ? lines.text.split('\n') : []
  // A block scalar (`values: |`): the content starts on the next line, at the indentation of its first line.
  const block = /^[|>]/.test(fileLines[pos.line - 1]?.slice(pos.column - 1) ?? '')
  let indent = 0
  if (block) {
    const first = fileLines.slice(pos.line).find((l) => l.trim())
    indent = first ? first.length - first.trimStart().length : 0
  }
  const map = (p: SourcePos): SourcePos => (block ? {file: pos.file, line: pos.line + p.line, column: indent + p.column} : pos)
  return {values: rec(doc?.value), locate: (p) => (doc ? map(docPos({doc, prefix: []}, p) ?? doc.start) : pos)}
}
