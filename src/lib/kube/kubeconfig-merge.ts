// kubectl's kubeconfig merge rules, over parsed YAML (client-node merges differently):
// - files are read in order; for clusters, users and contexts the first file to define a name wins, whole entry;
// - current-context (and preferences) come from the first file that sets them;
// - relative file paths inside an entry are resolved against the directory of the file that defined it;
// - a name defined twice inside one file is an error, as in kubectl.
import path from 'node:path'
import {UsageError} from '../cli/errors.js'

export interface KubeconfigSource {
  path: string
  doc: unknown // parsed YAML; null/undefined for an empty file
}

export interface NamedEntry {
  name: string
  from: string // file that defined it
  body: Record<string, unknown>
}

export interface MergedKubeconfig {
  files: string[]
  clusters: NamedEntry[]
  users: NamedEntry[]
  contexts: NamedEntry[]
  currentContext?: string
  currentContextFrom?: string
  preferences?: Record<string, unknown>
}

const SECTIONS = [
  {list: 'clusters', field: 'cluster'},
  {list: 'users', field: 'user'},
  {list: 'contexts', field: 'context'},
] as const

type Section = (typeof SECTIONS)[number]['list']

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function mergeKubeconfigs(sources: KubeconfigSource[]): MergedKubeconfig {
  const merged: MergedKubeconfig = {files: sources.map((s) => s.path), clusters: [], users: [], contexts: []}
  const seen: Record<Section, Set<string>> = {clusters: new Set(), users: new Set(), contexts: new Set()}

  for (const {path: file, doc} of sources) {
    if (doc === null || doc === undefined) continue
    if (!isObject(doc)) throw new UsageError(`${file}: not a kubeconfig (expected a YAML mapping)`)

    for (const {list, field} of SECTIONS) {
      const entries = doc[list] ?? []
      if (!Array.isArray(entries)) throw new UsageError(`${file}: "${list}" must be a list`)
      const inFile = new Set<string>()
      entries.forEach((entry: unknown, i) => {
        if (!isObject(entry) || typeof entry.name !== 'string' || entry.name === '') {
          throw new UsageError(`${file}: ${list}[${i}] has no name`)
        }
        if (inFile.has(entry.name)) throw new UsageError(`${file}: ${list} has "${entry.name}" twice`)
        inFile.add(entry.name)
        if (seen[list].has(entry.name)) return
        seen[list].add(entry.name)
        const body = isObject(entry[field]) ? entry[field] : {}
        merged[list].push({name: entry.name, from: file, body: resolvePaths(list, body, path.dirname(file))})
      })
    }

    const current = doc['current-context']
    if (merged.currentContext === undefined && typeof current === 'string' && current !== '') {
      merged.currentContext = current
      merged.currentContextFrom = file
    }
    if (merged.preferences === undefined && isObject(doc.preferences) && Object.keys(doc.preferences).length > 0) {
      merged.preferences = doc.preferences
    }
  }
  return merged
}

// The fields kubectl resolves relative to the defining file (clientcmd ResolveLocalPaths).
function resolvePaths(section: Section, body: Record<string, unknown>, dir: string): Record<string, unknown> {
  const out = {...body}
  const fix = (obj: Record<string, unknown>, key: string, onlyWithSeparator = false) => {
    const value = obj[key]
    if (typeof value !== 'string' || value === '' || path.isAbsolute(value)) return
    if (onlyWithSeparator && !value.includes(path.sep)) return // a bare command is looked up on PATH
    obj[key] = path.resolve(dir, value)
  }
  if (section === 'clusters') fix(out, 'certificate-authority')
  if (section === 'users') {
    for (const key of ['client-certificate', 'client-key', 'tokenFile']) fix(out, key)
    if (isObject(out.exec)) {
      out.exec = {...out.exec}
      fix(out.exec as Record<string, unknown>, 'command', true)
    }
  }
  return out
}

// The merged view as one kubeconfig document, for KubeConfig.loadFromString.
export function toKubeconfigDocument(merged: MergedKubeconfig, currentContext?: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: merged.clusters.map((e) => ({name: e.name, cluster: e.body})),
    users: merged.users.map((e) => ({name: e.name, user: e.body})),
    contexts: merged.contexts.map((e) => ({name: e.name, context: e.body})),
    'current-context': currentContext ?? merged.currentContext ?? '',
    ...(merged.preferences ? {preferences: merged.preferences} : {}),
  }
}
