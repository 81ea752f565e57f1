// Hand-built rendered clusters for the mesh tests: YAML text parsed with real positions (yaml's LineCounter),
// cluster settings as Flux substitution variables, ${VAR} substituted line by line like postBuild does.
import {isNode, LineCounter, parseAllDocuments} from 'yaml'
import type {RenderedCluster, RenderedObject, RenderedRepository, SourcePos, Variable} from '../../src/lib/gitops/types.js'
import {runChecks} from '../../src/lib/checks/engine.js'
import type {MeshCheck} from '../../src/lib/checks/mesh/index.js'
import {buildMeshModel, type BuildOptions} from '../../src/lib/mesh/index.js'
import type {MeshModel} from '../../src/lib/mesh/types.js'

export function objectsFromYaml(file: string, text: string, producedBy?: string): RenderedObject[] {
  const lc = new LineCounter()
  const docs = parseAllDocuments(text, {lineCounter: lc})
  if (!Array.isArray(docs)) return []
  const pos = (offset: number): SourcePos => {
    const p = lc.linePos(offset)
    return {file, line: p.line, column: p.col}
  }
  return docs.flatMap((doc) => {
    if (doc.errors.length) throw new Error(`${file}: ${doc.errors[0].message}`)
    const object = doc.toJS() as RenderedObject['object'] | null
    if (!object || typeof object !== 'object') return []
    const start = doc.contents?.range?.[0] ?? 0
    return [
      {
        object,
        source: pos(start),
        locate(path) {
          const node = path.length === 0 ? doc.contents : doc.getIn(path as (string | number)[], true)
          return isNode(node) && node.range ? pos(node.range[0]) : undefined
        },
        ...(producedBy ? {producedBy} : {}),
      },
    ]
  })
}

/** A cluster-settings ConfigMap as text, one KEY: "value" per line. */
export function settingsYaml(data: Record<string, string>): string {
  const lines = Object.entries(data).map(([k, v]) => `  ${k}: ${JSON.stringify(v)}`)
  return ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: cluster-settings', '  namespace: flux-system', 'data:', ...lines, ''].join('\n')
}

export function variablesFrom(objects: readonly RenderedObject[], unknown = false): Map<string, Variable> {
  const vars = new Map<string, Variable>()
  for (const o of objects) {
    const data = {...(o.object.data as Record<string, unknown>), ...(o.object.stringData as Record<string, unknown>)}
    for (const [k, v] of Object.entries(data)) {
      const source = o.locate([o.object.data && k in (o.object.data as object) ? 'data' : 'stringData', k])
      vars.set(k, {value: unknown ? '' : String(v), ...(source ? {source} : {}), ...(unknown ? {unknown: true} : {})})
    }
  }
  return vars
}

/** Flux envsubst for the forms the fixtures use: ${VAR}, ${VAR:=default}, ${VAR:-default}; unknown values stay. */
export function substitute(text: string, vars: ReadonlyMap<string, Variable>): string {
  return text.replace(/\$\{([_a-zA-Z][_a-zA-Z0-9]*)(?::?[-=]([^}]*))?\}/g, (all, name: string, def?: string) => {
    const v = vars.get(name)
    if (v?.unknown) return all
    if (v) return v.value
    return def ?? ''
  })
}

export const lineOf = (text: string, needle: string) => {
  const i = text.split('\n').findIndex((l) => l.includes(needle))
  if (i < 0) throw new Error(`"${needle}" not found`)
  return i + 1
}

export interface ClusterInput {
  name: string
  settings: Record<string, string>
  /** SOPS-encrypted settings: known to exist, values unknown. */
  secretSettings?: Record<string, string>
  /** Files only this cluster renders. */
  files?: Record<string, string>
  /** Shared files this cluster does not render. */
  without?: string[]
}

export interface MeshInput {
  /** Files every cluster renders (path → text with ${VAR}s). */
  shared: Record<string, string>
  clusters: ClusterInput[]
}

export const settingsPath = (name: string) => `kubernetes/clusters/${name}/cluster-settings.yaml`

export function renderCluster(c: ClusterInput, shared: Record<string, string>): RenderedCluster {
  const settings = objectsFromYaml(settingsPath(c.name), settingsYaml(c.settings))
  const secrets = c.secretSettings
    ? objectsFromYaml(`kubernetes/clusters/${c.name}/cluster-secrets.sops.yaml`, settingsYaml(c.secretSettings))
    : []
  const variables = new Map([...variablesFrom(settings), ...variablesFrom(secrets, true)])
  const files = {...Object.fromEntries(Object.entries(shared).filter(([p]) => !c.without?.includes(p))), ...c.files}
  const ks = `flux-system/cluster-${c.name}-infrastructure`
  const objects = Object.entries(files).flatMap(([path, text]) => objectsFromYaml(path, substitute(text, variables), ks))
  const ksObject = objectsFromYaml(`kubernetes/clusters/${c.name}/infrastructure.yaml`, 'kind: Kustomization\n')[0]
  return {
    name: c.name,
    entry: `kubernetes/clusters/${c.name}`,
    objects: [...settings, ...objects],
    kustomizations: [{namespace: 'flux-system', name: `cluster-${c.name}-infrastructure`, path: './kubernetes/infrastructure', variables, object: ksObject}],
    variables,
  }
}

export function renderMesh(input: MeshInput): RenderedRepository {
  return {root: '/repo', clusters: input.clusters.map((c) => renderCluster(c, input.shared)), findings: []}
}

export function model(input: MeshInput, options?: BuildOptions): MeshModel {
  return buildMeshModel(renderMesh(input), options)
}

export async function run(checks: readonly MeshCheck[], input: MeshInput | MeshModel, options?: BuildOptions) {
  const m = 'clusters' in input && 'root' in input ? input : model(input, options)
  return runChecks(checks, deepFreeze(m))
}

/** Checks must not mutate the model (style guide: tests pass a deep-frozen model). */
function deepFreeze<T>(value: T, seen = new Set<unknown>()): T {
  if (value && typeof value === 'object' && !seen.has(value)) {
    seen.add(value)
    if (value instanceof Map) for (const v of value.values()) deepFreeze(v, seen)
    else for (const v of Object.values(value)) deepFreeze(v, seen)
    Object.freeze(value)
  }
  return value
}

/** Line of a settings key in the cluster-settings.yaml the fixture generates for that cluster. */
export function settingsLine(input: MeshInput, cluster: string, key: string): number {
  const c = input.clusters.find((x) => x.name === cluster)
  if (!c) throw new Error(`no cluster ${cluster}`)
  return lineOf(settingsYaml(c.settings), `  ${key}:`)
}

/** Findings of one check as "id cluster[>peer] file:line" strings, for exact comparison. */
export const brief = (findings: readonly {id: string; cluster?: string; peer?: string; file?: string; line?: number}[], id?: string) =>
  findings
    .filter((f) => !id || f.id === id)
    .map((f) => `${f.id} ${f.cluster ?? ''}${f.peer ? `>${f.peer}` : ''} ${f.file ?? ''}:${f.line ?? ''}`)
