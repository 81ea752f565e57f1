// Finds a cluster's Cilium HelmRelease and the chart version it installs (spec.chart or chartRef).
import type {RenderedCluster, RenderedObject} from '../gitops/types.js'
import type {ResourceRef} from '../report/types.js'
import {type Fact, known, unknown} from './fact.js'
import {traceVariable, unresolvedReference, variablesFor} from './variables.js'

const VERSION_VARIABLES = ['CILIUM_VERSION', 'CILIUM_CHART_VERSION']
import {isRecord} from './values.js'

// The repository's YAML may say anything (apiVersion: 3.5): only a string has a group.
export const groupOf = (apiVersion: unknown) =>
  typeof apiVersion === 'string' && apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : ''

export function refOf(obj: RenderedObject): ResourceRef {
  const md = obj.object.metadata ?? {}
  return {
    ...(obj.object.apiVersion ? {apiVersion: String(obj.object.apiVersion)} : {}),
    kind: String(obj.object.kind ?? ''),
    ...(md.namespace ? {namespace: String(md.namespace)} : {}),
    name: String(md.name ?? ''),
  }
}

export const isKind = (obj: RenderedObject, group: string, kind: string) =>
  obj.object.kind === kind && groupOf(obj.object.apiVersion) === group

const spec = (obj: RenderedObject): Record<string, unknown> => (isRecord(obj.object.spec) ? obj.object.spec : {})

const isCiliumChartName = (name: unknown) => typeof name === 'string' && /(^|\/)cilium$/.test(name)

interface ChartSource {
  isCilium: boolean
  version: Fact<string>
}

/** The chart a HelmRelease installs, through spec.chart.spec or spec.chartRef (OCIRepository / HelmChart). */
function chartOf(cluster: RenderedCluster, hr: RenderedObject): ChartSource | undefined {
  const s = spec(hr)
  const versionFact = (raw: unknown, path: (string | number)[], from: RenderedObject): Fact<string> => {
    const pos = from.locate(path) ?? from.source
    if (raw === undefined || raw === null || raw === '')
      return unknown('the chart version is not pinned (latest at install time)', {pos})
    const unresolved = unresolvedReference(raw, variablesFor(cluster, from))
    if (unresolved) return unknown(unresolved.reason, {pos, ...(unresolved.variable ? {variable: unresolved.variable} : {})})
    const variable = traceVariable(raw, variablesFor(cluster, from), VERSION_VARIABLES)
    return known(String(raw).replace(/^v/, ''), {pos, ...(variable ? {variable} : {})})
  }
  const chartSpec = isRecord(s.chart) && isRecord(s.chart.spec) ? s.chart.spec : undefined
  if (chartSpec) {
    return {
      isCilium: isCiliumChartName(chartSpec.chart),
      version: versionFact(chartSpec.version, ['spec', 'chart', 'spec', 'version'], hr),
    }
  }
  const ref = isRecord(s.chartRef) ? s.chartRef : undefined
  if (!ref) return undefined
  const ns = typeof ref.namespace === 'string' ? ref.namespace : hr.object.metadata?.namespace
  const target = cluster.objects.find(
    (o) =>
      groupOf(o.object.apiVersion) === 'source.toolkit.fluxcd.io' &&
      o.object.kind === ref.kind &&
      o.object.metadata?.name === ref.name &&
      (o.object.metadata?.namespace ?? ns) === ns,
  )
  if (!target) return {isCilium: false, version: unknown(`chartRef ${String(ref.kind)}/${String(ref.name)} was not found`)}
  const ts = spec(target)
  if (ref.kind === 'OCIRepository') {
    const url = typeof ts.url === 'string' ? ts.url : ''
    const r = isRecord(ts.ref) ? ts.ref : {}
    const raw = r.tag ?? r.semver
    const path = r.tag === undefined ? ['spec', 'ref', 'semver'] : ['spec', 'ref', 'tag']
    return {isCilium: isCiliumChartName(url.replace(/\/+$/, '')), version: versionFact(raw, path, target)}
  }
  return {isCilium: isCiliumChartName(ts.chart), version: versionFact(ts.version, ['spec', 'version'], target)}
}

export interface FoundRelease {
  hr: RenderedObject
  chartVersion: Fact<string>
  /** The cluster the HelmRelease is applied to (a hub, for a release with spec.kubeConfig): valuesFrom is read there. */
  home: RenderedCluster
}

const hasKubeConfig = (hr: RenderedObject) => isRecord(spec(hr).kubeConfig)

/**
 * The HelmRelease that installs the cilium chart into this cluster (by chart name; by release name "cilium" when the
 * chart is unresolved): one of its own without spec.kubeConfig, else one a hub sends it through spec.kubeConfig.
 */
export function findCiliumRelease(cluster: RenderedCluster): FoundRelease | undefined {
  const own = cluster.objects.filter((o) => isKind(o, 'helm.toolkit.fluxcd.io', 'HelmRelease') && !hasKubeConfig(o))
  const candidates = [
    ...own.map((hr) => ({hr, home: cluster})),
    ...(cluster.remoteReleases ?? []).map((r) => ({hr: r.release, home: r.hub})),
  ]
  let fallback: FoundRelease | undefined
  for (const {hr, home} of candidates) {
    const chart = chartOf(home, hr)
    if (chart?.isCilium) return {hr, chartVersion: chart.version, home}
    if (!fallback && hr.object.metadata?.name === 'cilium')
      fallback = {hr, chartVersion: chart?.version ?? unknown('the HelmRelease names no chart'), home}
  }
  return fallback
}

/** Namespace the chart installs into (spec.targetNamespace, else the HelmRelease's). */
export function releaseNamespace(hr: RenderedObject): string {
  const s = spec(hr)
  if (typeof s.targetNamespace === 'string' && s.targetNamespace) return s.targetNamespace
  return hr.object.metadata?.namespace ?? 'default'
}
