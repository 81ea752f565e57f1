// flux-operator's ResourceSet (fluxcd.controlplane.io/v1) expanded offline, as internal/builder/resourceset.go
// builds it: every spec.resources entry and the spec.resourcesTemplate multi-document string are rendered as Go
// text/template (delimiters << >>, slim-sprig, slugify, toYaml, missingkey=error) once per input set; objects whose
// fluxcd.controlplane.io/reconcile annotation is `disabled` are dropped; duplicates (group/kind/namespace/name) keep
// the first, spec.resources winning over the template. spec.steps build the same way, step by step.
// After the build the controller sets spec.commonMetadata and its owner labels; it does not default namespaces
// (objects are applied as rendered), so neither do we.
import {parseAllDocuments} from 'yaml'
import type {RawFinding} from '../findings.js'
import type {JsonPath, RenderedObject, SourcePos} from '../types.js'
import {parseTemplate, renderTemplate, type Template, TemplateError, TemplateUnsupported} from './gotemplate.js'
import {API_VERSION, flatten, permute, type ProviderInputs, staticInputs} from './inputs.js'
import {toYaml, Unknown} from './sprig.js'

export interface LabelSelector {
  matchLabels?: Record<string, string>
  matchExpressions?: {key: string; operator: string; values?: string[]}[]
}

export interface ResourceSetExpansion {
  objects: RenderedObject[]
  /** What flux-operator itself would refuse (template errors, bad inputs): the ResourceSet applies nothing. */
  problems: RawFinding[]
  /** What we could not evaluate offline (dynamic providers, unsupported template constructs), with the reason. */
  notEvaluated: string[]
}

export const isResourceSet = (o: RenderedObject['object']): boolean =>
  o.kind === 'ResourceSet' && typeof o.apiVersion === 'string' && o.apiVersion.startsWith('fluxcd.controlplane.io/')

const RECONCILE_ANNOTATION = 'fluxcd.controlplane.io/reconcile'
const OWNER_GROUP = 'resourceset.fluxcd.controlplane.io'

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v)

export function expandResourceSet(
  rs: RenderedObject,
  findProvider: (namespace: string, name: string) => RenderedObject | undefined,
  selectProviders?: (namespace: string, selector: LabelSelector) => RenderedObject[],
): ResourceSetExpansion {
  const name = rs.object.metadata?.name ?? ''
  const namespace = rs.object.metadata?.namespace || 'default'
  const label = `ResourceSet ${namespace}/${name}`
  const spec = isObj(rs.object.spec) ? rs.object.spec : {}
  const problems: RawFinding[] = []
  const notEvaluated: string[] = []
  const at = (path: JsonPath): SourcePos => rs.locate(path) ?? rs.source
  const resource = {apiVersion: rs.object.apiVersion ?? API_VERSION, kind: 'ResourceSet', namespace, name}
  const fail = (message: string, path: JsonPath): ResourceSetExpansion => {
    problems.push({id: 'CM006', message: `${label}: ${message}; flux-operator builds nothing for it`, at: at(path), resource})
    return {objects: [], problems, notEvaluated}
  }

  // Inputs: the ResourceSet's own, then its providers sorted by namespace/name (they share one GVK).
  const inline = Array.isArray(spec.inputs) ? spec.inputs : []
  if (!inline.every(isObj)) return fail('spec.inputs must be a list of maps', ['spec', 'inputs'])
  const own: ProviderInputs = {
    kind: 'ResourceSet',
    name,
    namespace,
    inputs: inline.map((i, n) =>
      Object.hasOwn(i, 'id') ? structuredClone(i) : {...structuredClone(i), id: new Unknown(`inputs.id of ${label} spec.inputs[${n}] is computed by flux-operator`)},
    ),
  }
  const providers = new Map<string, RenderedObject>()
  const inputsFrom = Array.isArray(spec.inputsFrom) ? spec.inputsFrom : []
  inputsFrom.forEach((ref, i) => {
    if (!isObj(ref)) return
    if (typeof ref.name === 'string' && ref.name) {
      const p = findProvider(namespace, ref.name)
      if (p) providers.set(`${namespace}/${ref.name}`, p)
      else notEvaluated.push(`${label}: spec.inputsFrom[${i}] ResourceSetInputProvider ${namespace}/${ref.name} is not in the rendered cluster; its inputs were not expanded`)
    } else if (isObj(ref.selector)) {
      if (!selectProviders) notEvaluated.push(`${label}: spec.inputsFrom[${i}] selects providers by label; the selection was not evaluated`)
      else for (const p of selectProviders(namespace, ref.selector as LabelSelector)) providers.set(`${p.object.metadata?.namespace ?? namespace}/${p.object.metadata?.name ?? ''}`, p)
    } else problems.push({id: 'CM006', message: `${label}: spec.inputsFrom[${i}] must set name or selector`, at: at(['spec', 'inputsFrom', i]), resource})
  })
  const fromProviders: ProviderInputs[] = []
  let dynamic = false
  for (const key of [...providers.keys()].sort()) {
    const p = providers.get(key)!
    const pns = p.object.metadata?.namespace || namespace
    const pname = p.object.metadata?.name ?? ''
    const pspec = isObj(p.object.spec) ? p.object.spec : {}
    if (pspec.type === 'Static') {
      fromProviders.push({kind: 'ResourceSetInputProvider', name: pname, namespace: pns, inputs: staticInputs(pns, pname, pspec.defaultValues)})
    } else {
      dynamic = true
      const url = typeof pspec.url === 'string' ? ` from ${pspec.url}` : ''
      notEvaluated.push(`${label}: ResourceSetInputProvider ${pns}/${pname} of type ${String(pspec.type ?? '(none)')} exports its inputs${url} at run time; the objects it would generate are unknown`)
      fromProviders.push({kind: 'ResourceSetInputProvider', name: pname, namespace: pns, inputs: []})
    }
  }
  const strategy = isObj(spec.inputStrategy) && typeof spec.inputStrategy.name === 'string' ? spec.inputStrategy.name : 'Flatten'
  let sets: Record<string, unknown>[]
  if (strategy === 'Flatten') sets = flatten([own, ...fromProviders])
  else if (strategy === 'Permute') {
    if (dynamic) {
      notEvaluated.push(`${label}: inputStrategy Permute combines every provider's input sets; with a dynamic provider no input set is known`)
      return {objects: [], problems, notEvaluated}
    }
    const r = permute([own, ...fromProviders])
    if ('error' in r) return fail(`failed to compute inputs: ${r.error}`, ['spec', 'inputStrategy'])
    sets = r.sets
  } else return fail(`unknown input strategy: '${strategy}'`, ['spec', 'inputStrategy', 'name'])
  // No inputsFrom and no inputs: each template is rendered once without inputs. Providers that export nothing:
  // flux-operator reconciles an empty set.
  if (inputsFrom.length && !sets.length) return {objects: [], problems, notEvaluated}
  const inputSets: (Record<string, unknown> | null)[] = sets.length ? sets : [null]

  const steps: {resources: unknown; template: unknown; prefix: JsonPath; step?: string}[] = []
  if (Array.isArray(spec.steps) && spec.steps.length) {
    if (spec.resources !== undefined || spec.resourcesTemplate !== undefined) return fail('spec.steps is mutually exclusive with spec.resources and spec.resourcesTemplate', ['spec', 'steps'])
    spec.steps.forEach((s, i) => {
      if (isObj(s)) steps.push({resources: s.resources, template: s.resourcesTemplate, prefix: ['spec', 'steps', i], step: String(s.name ?? i)})
    })
  } else steps.push({resources: spec.resources, template: spec.resourcesTemplate, prefix: ['spec']})

  const objects: RenderedObject[] = []
  const stepOf = new Map<string, string>()
  for (const step of steps) {
    const built = buildStep(step, inputSets, rs, label, problems, notEvaluated, at, resource)
    if (!built) return {objects: [], problems, notEvaluated}
    for (const o of built) {
      const key = objectKey(o.object)
      const prev = stepOf.get(key)
      if (prev !== undefined && prev !== step.step) {
        return fail(`duplicate resource ${key} in step "${step.step}", already defined in step "${prev}"`, step.prefix)
      }
      stepOf.set(key, step.step ?? '')
      objects.push(o)
    }
  }

  const common = isObj(spec.commonMetadata) ? spec.commonMetadata : {}
  for (const o of objects) {
    const md = (o.object.metadata ??= {})
    if (isObj(common.labels)) md.labels = {...md.labels, ...(common.labels as Record<string, string>)}
    if (isObj(common.annotations)) md.annotations = {...md.annotations, ...(common.annotations as Record<string, string>)}
    md.labels = {...md.labels, [`${OWNER_GROUP}/name`]: name, [`${OWNER_GROUP}/namespace`]: namespace}
  }
  return {objects, problems, notEvaluated}
}

function objectKey(o: RenderedObject['object']): string {
  const group = typeof o.apiVersion === 'string' && o.apiVersion.includes('/') ? o.apiVersion.split('/')[0] : ''
  return [group, o.kind ?? '', o.metadata?.namespace ?? '', o.metadata?.name ?? ''].join('/')
}

/** One step (or the whole spec): spec.resources then spec.resourcesTemplate; undefined when the build fails. */
function buildStep(
  step: {resources: unknown; template: unknown; prefix: JsonPath},
  inputSets: (Record<string, unknown> | null)[],
  rs: RenderedObject,
  label: string,
  problems: RawFinding[],
  notEvaluated: string[],
  at: (p: JsonPath) => SourcePos,
  resource: RawFinding['resource'],
): RenderedObject[] | undefined {
  const out: RenderedObject[] = []
  const keys = new Set<string>()
  const add = (o: RenderedObject, dedup: boolean): void => {
    const key = objectKey(o.object)
    if (dedup && keys.has(key)) return
    keys.add(key)
    out.push(o)
  }
  const noInputs = inputSets.length === 1 && inputSets[0] === null
  const problem = (message: string, path: JsonPath): undefined => {
    problems.push({id: 'CM006', message: `${label}: ${message}; flux-operator builds nothing for it`, at: at(path), resource})
    return undefined
  }
  const compile = (text: string, path: JsonPath, what: string): Template | 'skip' | undefined => {
    try {
      return parseTemplate(text)
    } catch (e) {
      if (e instanceof TemplateUnsupported) {
        notEvaluated.push(`${label}: ${what} uses ${e.message}, which kubectl-mesh does not evaluate`)
        return 'skip'
      }
      if (e instanceof TemplateError) return problem(`failed to parse ${what}: ${e.message}`, path)
      throw e
    }
  }
  const render = (tpl: Template, inputs: Record<string, unknown> | null, path: JsonPath, what: string): {text: string; unknown: string[]} | 'skip' | undefined => {
    try {
      return renderTemplate(tpl, inputs)
    } catch (e) {
      if (e instanceof TemplateUnsupported) {
        notEvaluated.push(`${label}: ${what}: ${e.message}`)
        return 'skip'
      }
      if (e instanceof TemplateError) return problem(`failed to execute ${what}: ${e.message}`, path)
      throw e
    }
  }

  const resources = Array.isArray(step.resources) ? step.resources : []
  for (const [i, res] of resources.entries()) {
    const path = [...step.prefix, 'resources', i]
    const what = `${path.slice(1).join('.').replace(/\.(\d+)/g, '[$1]')}`
    const tpl = compile(toYaml(res), path, what)
    if (tpl === undefined) return undefined
    if (tpl === 'skip') continue
    for (const inputs of inputSets) {
      const r = render(tpl, inputs, path, what)
      if (r === undefined) return undefined
      if (r === 'skip') break
      const docs = readObjects(r.text)
      if ('error' in docs) return problem(`failed to read the object built from ${what}: ${docs.error}`, path)
      if (docs.objects.length !== 1) return problem(`${what} must build exactly one object, got ${docs.objects.length}`, path)
      const obj = rendered(docs.objects[0]!, rs, at(path), (p) => rs.locate([...path, ...p]) ?? at(path), r.unknown)
      if (noInputs) add(obj, false)
      else if (!disabled(obj)) add(obj, true)
    }
  }
  if (typeof step.template === 'string' && step.template !== '') {
    const path = [...step.prefix, 'resourcesTemplate']
    const what = path.slice(1).join('.').replace(/\.(\d+)/g, '[$1]')
    const tpl = compile(step.template, path, what)
    if (tpl === undefined) return undefined
    if (tpl !== 'skip') {
      for (const inputs of inputSets) {
        const r = render(tpl, inputs, path, what)
        if (r === undefined) return undefined
        if (r === 'skip') break
        const docs = readObjects(r.text)
        if ('error' in docs) return problem(`failed to read objects from ${what}: ${docs.error}`, path)
        for (const d of docs.objects) {
          const obj = rendered(d, rs, at(path), () => at(path), r.unknown)
          if (!disabled(obj)) add(obj, true)
        }
      }
    }
  }
  return out
}

function disabled(o: RenderedObject): boolean {
  return o.object.metadata?.annotations?.[RECONCILE_ANNOTATION] === 'disabled'
}

function rendered(object: Obj, rs: RenderedObject, source: SourcePos, locate: (p: JsonPath) => SourcePos | undefined, unknown: string[]): RenderedObject {
  const o: RenderedObject = {object: object as RenderedObject['object'], source, locate}
  if (rs.producedBy !== undefined) o.producedBy = rs.producedBy
  const why = [...(rs.incomplete ? [rs.incomplete] : []), ...unknown]
  if (why.length) o.incomplete = why.join('; ')
  return o
}

/** ssautil.ReadObjects: the documents of the rendered text (sigs.k8s.io/yaml reads YAML 1.1), empty ones skipped. */
function readObjects(text: string): {objects: Obj[]} | {error: string} {
  let docs: ReturnType<typeof parseAllDocuments>
  try {
    docs = parseAllDocuments(text, {version: '1.1', merge: true, uniqueKeys: true})
  } catch (e) {
    return {error: (e as Error).message}
  }
  const objects: Obj[] = []
  for (const d of Array.isArray(docs) ? docs : []) {
    const err = d.errors[0]
    if (err) return {error: err.message.split('\n')[0]!}
    const v = d.toJS({maxAliasCount: 1000}) as unknown
    if (v === null || v === undefined) continue
    if (!isObj(v)) return {error: 'a document is not a Kubernetes object'}
    if (typeof v.kind !== 'string' || !v.kind) return {error: "Object 'Kind' is missing"}
    objects.push(v)
  }
  return {objects}
}
