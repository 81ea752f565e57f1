// Suppression rules a repository carries: `suppress:` in .kubectl-mesh.yaml and the
// mesh.kubectl.io/suppress annotation on rendered objects. A bad entry is a usage error with file:line:column.
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {isMap, isSeq, LineCounter, parseDocument, type Node} from 'yaml'
import {getCheck} from '../checks/registry.js'
import {UsageError} from '../cli/errors.js'
import type {RenderedRepository} from '../gitops/types.js'
import {rulesFromAnnotation, SUPPRESS_ANNOTATION, type SuppressRule} from '../report/suppress.js'

const CONFIG_FILE = '.kubectl-mesh.yaml'

function fail(lines: LineCounter, node: Node | null | undefined, message: string): never {
  const offset = node?.range?.[0] ?? 0
  const {line, col} = lines.linePos(offset)
  throw new UsageError(`${CONFIG_FILE}:${line}:${col}: ${message}`)
}

/** The `suppress:` list of .kubectl-mesh.yaml at the repository root (empty when absent). */
export function configSuppressions(root: string): SuppressRule[] {
  const file = join(root, CONFIG_FILE)
  if (!existsSync(file)) return []
  const lines = new LineCounter()
  const doc = parseDocument(readFileSync(file, 'utf8'), {lineCounter: lines})
  if (doc.errors.length) {
    const e = doc.errors[0]
    throw new UsageError(`${CONFIG_FILE}:${e.linePos?.[0].line ?? 1}:${e.linePos?.[0].col ?? 1}: ${e.message.split('\n')[0]}`)
  }
  if (!isMap(doc.contents)) return []
  const list = doc.contents.get('suppress', true) as Node | undefined
  if (list === undefined) return []
  if (!isSeq(list)) fail(lines, list, 'suppress must be a list of {id, reason, cluster?, peer?, file?}')
  return list.items.map((item) => {
    if (!isMap(item)) fail(lines, item as Node, 'each suppress entry must be a mapping with id and reason')
    const value = (key: string) => {
      const v = item.get(key)
      if (v !== undefined && typeof v !== 'string' && typeof v !== 'number') fail(lines, item.get(key, true) as Node, `${key} must be a string`)
      return v === undefined ? undefined : String(v)
    }
    const id = value('id')
    const check = id ? getCheck(id) : undefined
    if (!check) fail(lines, (item.get('id', true) as Node) ?? item, `suppress: unknown check ${JSON.stringify(id ?? '')} (kubectl mesh checks lists them all)`)
    const reason = value('reason')
    if (!reason?.trim()) fail(lines, item, `suppress ${check.id}: give a reason (why this finding is accepted)`)
    const cluster = value('cluster')
    const peer = value('peer')
    const path = value('file')
    return {id: check.id, reason, ...(cluster ? {cluster} : {}), ...(peer ? {peer} : {}), ...(path ? {file: path} : {})}
  })
}

/** Rules from the annotation on rendered objects, bound to that object in that cluster. */
export function annotationSuppressions(repo: RenderedRepository): SuppressRule[] {
  const rules: SuppressRule[] = []
  for (const cluster of repo.clusters) {
    for (const o of cluster.objects) {
      const value = o.object.metadata?.annotations?.[SUPPRESS_ANNOTATION]
      if (typeof value !== 'string' || !o.object.kind || !o.object.metadata?.name) continue
      const resource = {kind: o.object.kind, name: o.object.metadata.name, ...(o.object.metadata.namespace ? {namespace: o.object.metadata.namespace} : {})}
      rules.push(...rulesFromAnnotation(value, resource, cluster.name))
    }
  }
  return rules
}
