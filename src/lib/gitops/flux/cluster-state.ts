// The objects of one cluster as its Flux Kustomizations apply them, indexed by identity, with the
// duplicates Flux would fight over (two Kustomizations applying the same object) reported as CM003.
import type {RawFinding} from '../findings.js'
import {effectiveNamespace, gvkOf, type KObj} from '../kustomize/resid.js'
import type {RenderedObject, SourcePos} from '../types.js'

/** apiVersion group, kind, effective namespace and name: what the API server keys objects by. */
export function objectKey(o: KObj): string {
  const g = gvkOf(o)
  const id = {...g, name: o.metadata?.name ?? '', namespace: o.metadata?.namespace ?? ''}
  return `${g.group}/${g.kind}/${effectiveNamespace(id)}/${id.name}`
}

export class ClusterObjects {
  readonly list: RenderedObject[] = []
  private readonly byKey = new Map<string, RenderedObject>()

  /** Adds an object; a second object with the same identity is reported and not added. */
  add(obj: RenderedObject, problems: RawFinding[]): void {
    const key = objectKey(obj.object as KObj)
    const prior = this.byKey.get(key)
    if (prior) {
      problems.push(duplicate(prior, obj))
      return
    }
    this.byKey.set(key, obj)
    this.list.push(obj)
  }

  find(kind: string, namespace: string, name: string, group = ''): RenderedObject | undefined {
    return this.byKey.get(`${group}/${kind}/${namespace || 'default'}/${name}`)
  }
}

const fmt = (p: SourcePos) => `${p.file}:${p.line}:${p.column}`

function duplicate(first: RenderedObject, second: RenderedObject): RawFinding {
  const o = second.object
  const what = `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata?.name}`
  const sameBuild = first.producedBy === second.producedBy
  const by = (r: RenderedObject) => r.producedBy ?? 'the cluster entry point'
  const message = sameBuild
    ? `${what} is produced twice by ${by(second)} (as ${first.object.apiVersion} and ${o.apiVersion}): both versions name the same object`
    : `${what} is applied by two Flux Kustomizations, ${by(first)} and ${by(second)}: they overwrite each other and pruning one deletes the other's object`
  return {
    id: 'CM003',
    message,
    at: second.source,
    details: [`first at ${fmt(first.source)}`, `again at ${fmt(second.source)}`],
    resource: {
      ...(o.apiVersion ? {apiVersion: o.apiVersion} : {}),
      kind: o.kind ?? '',
      ...(o.metadata?.namespace ? {namespace: o.metadata.namespace} : {}),
      name: o.metadata?.name ?? '',
    },
  }
}
