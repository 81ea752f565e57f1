// The Cilium version a rendered cluster installs: the cilium HelmRelease's chart version, or the tag of the
// OCIRepository its chartRef names. Used to tell whether a cilium.io promotion applies yet.
import type {RenderedCluster, RenderedObject} from '../../gitops/types.js'
import {isHelmRelease} from './support.js'

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})

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

const minorOf = (v: string) => /^v?(\d+\.\d+)/.exec(v)?.[1]

export function atLeast(minor: string, from: string): boolean {
  const [a, b] = minor.split('.').map(Number)
  const [c, d] = from.split('.').map(Number)
  return a! > c! || (a === c && b! >= d!)
}
