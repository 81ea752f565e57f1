// The versions a rendered cluster pins for the projects whose APIs CM107 judges: Cilium (the cilium HelmRelease's
// chart version, or the tag of the OCIRepository its chartRef names), Flux (gotk-components.yaml, the
// flux-manifests OCIRepository, a FluxInstance or the flux-instance chart) and external-secrets (its HelmRelease's
// chart version, OCIRepository tag or HelmChart version). Used to tell which apiVersions that version serves.
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {helmValues} from '../../gitops/flux/helm-values.js'
import type {RenderedCluster, RenderedObject, SourcePos} from '../../gitops/types.js'
import {isHelmRelease} from './support.js'

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})

/** A project version the repository pins for a cluster. */
export interface Pinned {
  /** major.minor, e.g. "2.6" or "0.20". */
  minor: string
  /** As written ("v2.6.1", "0.20.4"). */
  version: string
  /** Where it is written. */
  at: SourcePos
}

export function ciliumMinor(c: RenderedCluster): string | undefined {
  for (const hr of c.objects.filter(isHelmRelease)) {
    const spec = rec(hr.object.spec)
    const chart = rec(rec(spec.chart).spec)
    if (chart.chart === 'cilium' && typeof chart.version === 'string') return minorOf(chart.version)
    const ref = rec(spec.chartRef)
    if (ref.kind === 'OCIRepository' && hr.object.metadata?.name === 'cilium') {
      const ns = typeof ref.namespace === 'string' ? ref.namespace : hr.object.metadata?.namespace
      const oci = c.objects.find((o: RenderedObject) => o.object.kind === 'OCIRepository' && o.object.metadata?.name === ref.name && o.object.metadata?.namespace === ns)
      const tag = rec(rec(oci?.object.spec).ref).tag
      if (typeof tag === 'string') return minorOf(tag)
    }
  }
  return undefined
}

/** major.minor of a version or the lower bound of a range ("v2.6.1", ">=2.5.0", "0.20.x"); undefined for "2.x", "*". */
export const minorOf = (v: string) => {
  const m = /(\d+)\.(\d+)/.exec(v)
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined
}

export function atLeast(minor: string, from: string): boolean {
  const [a, b] = minor.split('.').map(Number)
  const [c, d] = from.split('.').map(Number)
  return a! > c! || (a === c && b! >= d!)
}

const pinned = (raw: unknown, at: SourcePos | undefined): Pinned | undefined => {
  if (typeof raw !== 'string' || raw.includes('${') || !at) return undefined
  const minor = minorOf(raw)
  return minor ? {minor, version: raw, at} : undefined
}

/** The source object a HelmRelease's chartRef (or a ref with the same shape) names; no namespace matches any. */
export function refTarget(c: RenderedCluster, from: RenderedObject, ref: Record<string, unknown>): RenderedObject | undefined {
  const ns = typeof ref.namespace === 'string' && ref.namespace ? ref.namespace : from.object.metadata?.namespace || 'default'
  return c.objects.find((o) =>
    typeof o.object.apiVersion === 'string' && o.object.apiVersion.startsWith('source.toolkit.fluxcd.io/') &&
    o.object.kind === ref.kind && o.object.metadata?.name === ref.name && (o.object.metadata?.namespace || ns) === ns)
}

/** The chart version a HelmRelease installs: spec.chart.spec.version, or its chartRef's OCIRepository tag / HelmChart version. */
function chartVersion(c: RenderedCluster, hr: RenderedObject, isChart: (nameOrUrl: string) => boolean): Pinned | undefined {
  const spec = rec(hr.object.spec)
  const chart = rec(rec(spec.chart).spec)
  if (typeof chart.chart === 'string') return isChart(chart.chart) ? pinned(chart.version, hr.locate(['spec', 'chart', 'spec', 'version'])) : undefined
  const ref = rec(spec.chartRef)
  const target = ref.kind ? refTarget(c, hr, ref) : undefined
  if (!target) return undefined
  const ts = rec(target.object.spec)
  if (ref.kind === 'OCIRepository') {
    if (typeof ts.url !== 'string' || !isChart(ts.url.replace(/\/+$/, '').split('/').pop() ?? '')) return undefined
    const r = rec(ts.ref)
    return r.tag !== undefined ? pinned(r.tag, target.locate(['spec', 'ref', 'tag'])) : pinned(r.semver, target.locate(['spec', 'ref', 'semver']))
  }
  if (ref.kind === 'HelmChart' && typeof ts.chart === 'string' && isChart(ts.chart)) return pinned(ts.version, target.locate(['spec', 'version']))
  return undefined
}

export function externalSecretsVersion(c: RenderedCluster): Pinned | undefined {
  for (const hr of c.objects.filter(isHelmRelease)) {
    const v = chartVersion(c, hr, (n) => n === 'external-secrets')
    if (v) return v
  }
  return undefined
}

/**
 * The Flux version: the labels (and the "# Flux Version:" header) of gotk-components.yaml, the tag of an
 * OCIRepository of ghcr.io/fluxcd/flux-manifests, a FluxInstance's spec.distribution.version, or the
 * instance.distribution.version value of a flux-instance chart.
 */
export function fluxVersion(c: RenderedCluster, root?: string): Pinned | undefined {
  const headers = new Set<string>()
  for (const o of c.objects) {
    const labels = o.object.metadata?.labels ?? {}
    if (labels['app.kubernetes.io/part-of'] === 'flux' && typeof labels['app.kubernetes.io/version'] === 'string') {
      const v = pinned(labels['app.kubernetes.io/version'], o.locate(['metadata', 'labels', 'app.kubernetes.io/version']) ?? o.source)
      if (v) return v
    }
    if (root && /(^|\/)gotk-components\.ya?ml$/.test(o.source.file) && !headers.has(o.source.file)) {
      headers.add(o.source.file)
      const v = headerVersion(root, o.source.file)
      if (v) return v
    }
  }
  for (const o of c.objects) {
    const spec = rec(o.object.spec)
    if (o.object.kind === 'OCIRepository' && typeof spec.url === 'string' && /\/fluxcd\/flux-manifests\/?$/.test(spec.url)) {
      const v = pinned(rec(spec.ref).tag, o.locate(['spec', 'ref', 'tag']))
      if (v) return v
    }
    if (o.object.kind === 'FluxInstance' && String(o.object.apiVersion ?? '').startsWith('fluxcd.controlplane.io/')) {
      const v = pinned(rec(spec.distribution).version, o.locate(['spec', 'distribution', 'version']))
      if (v) return v
    }
    if (isHelmRelease(o) && isFluxInstanceChart(c, o)) {
      const values = helmValues(c, o)
      const raw = rec(rec(values.values.instance).distribution).version
      const v = pinned(raw, values.locate(['instance', 'distribution', 'version']))
      if (v) return v
    }
  }
  return undefined
}

function isFluxInstanceChart(c: RenderedCluster, hr: RenderedObject): boolean {
  const spec = rec(hr.object.spec)
  const chart = rec(rec(spec.chart).spec)
  if (typeof chart.chart === 'string') return chart.chart === 'flux-instance'
  const ref = rec(spec.chartRef)
  const target = ref.kind ? refTarget(c, hr, ref) : undefined
  const ts = rec(target?.object.spec)
  return (typeof ts.url === 'string' && /\/flux-instance\/?$/.test(ts.url)) || ts.chart === 'flux-instance'
}

/** "# Flux Version: v2.4.0" in the first lines of a gotk-components.yaml that `flux install --export` wrote. */
function headerVersion(root: string, file: string): Pinned | undefined {
  let text: string
  try {
    text = readFileSync(join(root, file), 'utf8').slice(0, 2000)
  } catch {
    return undefined
  }
  const lines = text.split('\n')
  const i = lines.findIndex((l) => /^#\s*Flux Version:\s*\S+/.test(l))
  if (i < 0) return undefined
  const raw = /^#\s*Flux Version:\s*(\S+)/.exec(lines[i]!)![1]!
  return pinned(raw, {file, line: i + 1, column: lines[i]!.indexOf(raw) + 1})
}
