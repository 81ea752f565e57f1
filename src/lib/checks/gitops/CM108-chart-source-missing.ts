// CM108: a HelmRelease's chart source (chart.spec.sourceRef: HelmRepository/GitRepository/Bucket, or chartRef:
// OCIRepository/HelmChart) is not produced by any build of the cluster: helm-controller can never fetch the chart.
// The namespace defaults to the HelmRelease's. A source some Kustomization of the cluster syncs from (the
// bootstrap `flux-system` GitRepository, made outside git) counts as produced.
import type {RenderedCluster, RenderedObject} from '../../gitops/types.js'
import {findRaw, unrenderedObjects} from './dependencies.js'
import {at, type GitopsCheck, incompleteKustomizations, isHelmRelease, perCluster, resourceOf} from './support.js'

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})
const SOURCE = 'source.toolkit.fluxcd.io'

export const CM108: GitopsCheck = {
  id: 'CM108',
  run(model, ctx) {
    perCluster(model, ctx, (c) => {
      const partial = incompleteKustomizations(c)
      const raw = partial.length > 0 ? unrenderedObjects(model.repo, c) : []
      const skipped: string[] = []
      for (const hr of c.objects.filter(isHelmRelease)) {
        const ref = chartSource(hr)
        if (!ref || !ref.kind || !ref.name || `${ref.kind}${ref.name}${ref.namespace}`.includes('${')) continue
        if (produced(c, ref.kind, ref.namespace, ref.name)) continue
        const hrKey = `${hr.object.metadata?.namespace || 'default'}/${hr.object.metadata?.name ?? ''}`
        const target = `${ref.kind} ${ref.namespace}/${ref.name}`
        const maybe = findRaw(raw, SOURCE, ref.kind, ref.namespace, ref.name)
        if (maybe) {
          skipped.push(`HelmRelease ${hrKey} uses ${target}, which ${maybe.file} may define but could not be rendered`)
          continue
        }
        if (hr.incomplete) {
          skipped.push(`HelmRelease ${hrKey} is not fully known (${hr.incomplete})`)
          continue
        }
        const elsewhere = c.objects.find((o) => o.object.kind === ref.kind && o.object.metadata?.name === ref.name && String(o.object.apiVersion ?? '').startsWith(`${SOURCE}/`))
        const near = elsewhere ? ` (there is one in namespace ${elsewhere.object.metadata?.namespace || 'default'}: set ${ref.field}.namespace)` : ''
        ctx.report({
          cluster: c.name,
          message: `HelmRelease ${hrKey} takes its chart from ${target}, which no build of cluster ${c.name} produces${near}; helm-controller can never fetch the chart and the release is never installed`,
          ...at(hr.locate(ref.path) ?? hr.source),
          resource: resourceOf(hr),
          // One mistake per missing source: create it (or fix the reference) and every release using it is fixed.
          group: target,
          groupMessage: `HelmReleases take their chart from ${target}, which no build of cluster ${c.name} produces; helm-controller can never fetch the chart`,
        })
      }
      if (skipped.length) ctx.skip({cluster: c.name}, skipped.join('; '))
    })
  },
}

interface ChartSourceRef {
  kind: string
  name: string
  namespace: string
  path: (string | number)[]
  field: string
}

function chartSource(hr: RenderedObject): ChartSourceRef | undefined {
  const spec = rec(hr.object.spec)
  const ns = hr.object.metadata?.namespace || 'default'
  const chartSpec = rec(rec(spec.chart).spec)
  const sourceRef = rec(chartSpec.sourceRef)
  const ref = Object.keys(sourceRef).length ? sourceRef : rec(spec.chartRef)
  const field = Object.keys(sourceRef).length ? 'spec.chart.spec.sourceRef' : 'spec.chartRef'
  if (!Object.keys(ref).length) return undefined
  const path = field === 'spec.chartRef' ? ['spec', 'chartRef', 'name'] : ['spec', 'chart', 'spec', 'sourceRef', 'name']
  return {
    kind: typeof ref.kind === 'string' ? ref.kind : '',
    name: typeof ref.name === 'string' ? ref.name : '',
    namespace: typeof ref.namespace === 'string' && ref.namespace ? ref.namespace : ns,
    path,
    field,
  }
}

/** A source object of the cluster (no namespace written: applied wherever, so it matches), or one a Kustomization syncs from. */
function produced(c: RenderedCluster, kind: string, ns: string, name: string): boolean {
  const obj = c.objects.some((o) =>
    o.object.kind === kind && o.object.metadata?.name === name && (o.object.metadata?.namespace || ns) === ns &&
    (String(o.object.apiVersion ?? '').startsWith(`${SOURCE}/`) || kind === 'HelmChart'))
  if (obj) return true
  return c.kustomizations.some((k) => {
    const r = rec(rec(k.object.object.spec).sourceRef)
    return r.kind === kind && r.name === name && ((typeof r.namespace === 'string' && r.namespace) || k.namespace) === ns
  })
}
