// The flux-instance Helm chart (controlplaneio-fluxcd/charts/flux-instance) renders a FluxInstance from its values;
// most flux-operator repositories install it with a HelmRelease whose `instance.sync` says which directory the
// cluster syncs. The values come inline or through valuesFrom a ConfigMap (often a configMapGenerator of a values
// file next to the HelmRelease), so the HelmRelease's own kustomization directory is built to read them.
import {cloneResource} from '../kustomize/resource.js'
import {KUSTOMIZATION_FILE_NAMES} from '../kustomize/kustomization-file.js'
import {Kustomizer} from '../kustomize/build.js'
import {joinRel} from '../repo/paths.js'
import type {Repo} from '../repo/repo.js'
import type {RenderedCluster, RenderedObject} from '../types.js'
import type {ClusterEntry} from './cluster.js'
import {syncEntries} from './entry-instance.js'
import {helmValues} from './helm-values.js'
import {isHelmRelease} from './spec.js'
import {objectFromDoc, sourceUrl, type TreeIndex, type TreeObject} from './tree-index.js'

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})

const isInstanceChart = (name: unknown) => typeof name === 'string' && /(^|\/)flux-instance\/?$/.test(name)

/** Whether a HelmRelease installs the flux-instance chart (spec.chart.spec.chart or a chartRef OCIRepository). */
function installsFluxInstance(x: TreeObject, index: TreeIndex): boolean {
  const spec = rec(x.o.spec)
  if (isInstanceChart(rec(rec(spec.chart).spec).chart)) return true
  const ref = rec(spec.chartRef)
  if (ref.kind !== 'OCIRepository' || typeof ref.name !== 'string') return false
  const ns = typeof ref.namespace === 'string' ? ref.namespace : x.o.metadata?.namespace || 'flux-system'
  return index.sources('OCIRepository', ns, ref.name).some((s) => isInstanceChart(sourceUrl(s.o)))
}

export function instanceChartEntries(repo: Repo, index: TreeIndex): ClusterEntry[] {
  const out: ClusterEntry[] = []
  let kustomizer: Kustomizer | undefined
  for (const x of index.objects.filter((y) => isHelmRelease(y.o) && installsFluxInstance(y, index))) {
    kustomizer ??= new Kustomizer(repo)
    const {hr, objects} = inContext(x, repo, kustomizer)
    const values = helmValues({objects} as RenderedCluster, hr)
    const sync = rec(rec(values.values.instance).sync)
    if (typeof sync.path !== 'string' || !sync.path) continue
    const spec = rec(hr.object.spec)
    const namespace = (typeof spec.targetNamespace === 'string' && spec.targetNamespace) || hr.object.metadata?.namespace || 'flux-system'
    const at = values.locate(['instance', 'sync', 'path']) ?? hr.source
    out.push(...syncEntries(repo, index, {sync, namespace, at, foundBy: 'fluxinstance-chart', locate: (p) => values.locate(['instance', 'sync', ...p])}))
  }
  return out
}

/**
 * The HelmRelease as its kustomization directory builds it, with the objects built beside it (for valuesFrom);
 * the raw document when the directory is not a kustomization or the build does not produce it.
 */
function inContext(x: TreeObject, repo: Repo, kustomizer: Kustomizer): {hr: RenderedObject; objects: RenderedObject[]} {
  const raw = objectFromDoc(x.doc)
  const dir = x.dir
  const hasKustomization = KUSTOMIZATION_FILE_NAMES.some((n) => {
    const p = joinRel(dir, n)
    return p !== undefined && repo.fs.resolve(p).ok
  })
  if (!hasKustomization) return {hr: raw, objects: []}
  const built = kustomizer.build(dir).resources.map(cloneResource)
  const objects: RenderedObject[] = built.map((r) => ({object: r.obj as RenderedObject['object'], source: r.prov.source, locate: (p) => r.prov.locate(p)}))
  const hr = objects.find((o) => o.source.file === x.file && o.object.kind === 'HelmRelease' && o.object.metadata?.name === x.o.metadata?.name)
  if (!hr) return {hr: raw, objects}
  aliasHashedValues(hr, objects)
  return {hr, objects}
}

/** valuesFrom that still names a generated ConfigMap without its content hash (custom configurations not applied). */
function aliasHashedValues(hr: RenderedObject, objects: RenderedObject[]): void {
  const spec = rec(hr.object.spec)
  if (!Array.isArray(spec.valuesFrom)) return
  for (const ref of spec.valuesFrom.map(rec)) {
    const refName = ref.name
    if (typeof refName !== 'string' || objects.some((o) => o.object.kind === ref.kind && o.object.metadata?.name === refName)) continue
    const hashed = objects.find((o) => o.object.kind === ref.kind && new RegExp(`^${refName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[a-z0-9]{10}$`).test(o.object.metadata?.name ?? ''))
    if (hashed) ref.name = hashed.object.metadata!.name
  }
}
