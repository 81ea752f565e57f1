// CM106: a healthChecks entry that names an object nothing in the cluster could create, or names an object the
// cluster applies with another apiVersion than the one applied: Flux then waits for (or times out on) something else.
// A health check may name any object of the cluster (kustomize-controller reads it from the API server): one another
// Kustomization applies, one a HelmRelease or an operator creates, one a bootstrap installer put there. With
// `spec.wait: true` Flux ignores healthChecks entirely, so there is nothing to check.
import type {HealthCheckRef, RenderedCluster, RenderedObject} from '../../gitops/types.js'
import {at, type GitopsCheck, incompleteKustomizations, isHelmRelease, ksKey, ksResource, perCluster} from './support.js'

/** API groups whose objects create no further objects the repository would not show. */
const BUILTIN_GROUPS = new Set(['', 'apps', 'batch', 'rbac.authorization.k8s.io', 'networking.k8s.io', 'policy', 'storage.k8s.io',
  'apiextensions.k8s.io', 'admissionregistration.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'autoscaling', 'discovery.k8s.io',
  'kustomize.toolkit.fluxcd.io', 'source.toolkit.fluxcd.io', 'notification.toolkit.fluxcd.io', 'image.toolkit.fluxcd.io',
  'monitoring.coreos.com', 'external-secrets.io', 'cilium.io', 'gateway.networking.k8s.io', 'cert-manager.io'])

const group = (apiVersion: string | undefined) => (apiVersion?.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '')
const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

/** Where a HelmRelease installs, and the names its objects are usually derived from (release, object, chart). */
function release(o: RenderedObject): {namespace: string; names: string[]} {
  const spec = rec(o.object.spec)
  const ns = o.object.metadata?.namespace || 'default'
  const target = str(spec.targetNamespace) ?? ns
  const name = o.object.metadata?.name ?? ''
  // helm-controller: spec.releaseName, else [targetNamespace-]name.
  const releaseName = str(spec.releaseName) ?? (str(spec.targetNamespace) ? `${spec.targetNamespace}-${name}` : name)
  const chart = str(rec(rec(spec.chart).spec).chart)
  return {namespace: target, names: [releaseName, name, ...(chart ? [chart.slice(chart.lastIndexOf('/') + 1)] : [])].filter(Boolean)}
}

/**
 * Why something in the cluster could create the object although no build produces it, or undefined when nothing
 * could: a HelmRelease installing into its namespace (or, for a cluster-scoped object, a release it is named after),
 * an operator's custom resource in its namespace, or a namespace no build creates (so something outside the
 * repository's builds, such as a bootstrap installer, owns it).
 */
function couldCreate(c: RenderedCluster, hc: HealthCheckRef): string | undefined {
  const releases = c.objects.filter(isHelmRelease).map((o) => ({o, ...release(o)}))
  if (hc.namespace) {
    const hr = releases.find((r) => r.namespace === hc.namespace)
    if (hr) return `HelmRelease ${hr.o.object.metadata?.namespace ?? 'default'}/${hr.o.object.metadata?.name} installs into namespace ${hc.namespace}`
    const cr = c.objects.find((o) => o.object.metadata?.namespace === hc.namespace && o.object.kind !== undefined && !BUILTIN_GROUPS.has(group(o.object.apiVersion)))
    if (cr) return `${cr.object.kind} ${hc.namespace}/${cr.object.metadata?.name} (a custom resource) may make an operator create it`
    const nsCreated = c.objects.some((o) => o.object.kind === 'Namespace' && group(o.object.apiVersion) === '' && o.object.metadata?.name === hc.namespace)
    if (!nsCreated) return `no build of the cluster creates namespace ${hc.namespace}, so something outside the builds (a bootstrap installer) may own it`
    return undefined
  }
  const hr = releases.find((r) => r.names.some((n) => hc.name.includes(n)))
  if (hr) return `HelmRelease ${hr.o.object.metadata?.namespace ?? 'default'}/${hr.o.object.metadata?.name} may create it`
  return undefined
}

export const CM106: GitopsCheck = {
  id: 'CM106',
  run(model, ctx) {
    perCluster(model, ctx, (c) => {
      const incomplete = incompleteKustomizations(c)
      for (const k of c.kustomizations) {
        // kustomize-controller: "When spec.wait is true, the healthChecks field is ignored."
        if (rec(k.object.object.spec).wait === true) continue
        for (const hc of k.healthChecks ?? []) {
          const sameName = (o: RenderedObject) =>
            o.object.kind === hc.kind && o.object.metadata?.name === hc.name &&
            // Cluster-scoped kinds carry no namespace; kustomize may still have set one on them.
            (!hc.namespace || !o.object.metadata?.namespace || o.object.metadata.namespace === hc.namespace)
          const named = c.objects.filter(sameName)
          const what = `${hc.kind} ${hc.namespace ? `${hc.namespace}/` : ''}${hc.name}`
          if (named.some((o) => o.object.apiVersion === hc.apiVersion)) continue
          const sameGroup = named.find((o) => group(o.object.apiVersion) === group(hc.apiVersion))
          if (sameGroup) {
            const by = sameGroup.producedBy && sameGroup.producedBy !== ksKey(k) ? ` (by ${sameGroup.producedBy})` : ''
            ctx.report({cluster: c.name, message: `Kustomization ${ksKey(k)} checks the health of ${what} as ${hc.apiVersion}, but the cluster applies it as ${sameGroup.object.apiVersion}${by}`, ...at(hc.pos), resource: ksResource(k)})
            continue
          }
          const why = couldCreate(c, hc)
          if (why) continue
          if (incomplete.length > 0) {
            ctx.skip({cluster: c.name}, `cluster ${c.name} could not be rendered completely (${incomplete.slice(0, 3).map(ksKey).join(', ')}), so whether it applies ${what} is unknown`)
            continue
          }
          ctx.report({cluster: c.name, message: `Kustomization ${ksKey(k)} checks the health of ${hc.apiVersion} ${what}, which nothing in cluster ${c.name} creates: no build applies it and no HelmRelease or operator installs into ${hc.namespace ? `namespace ${hc.namespace}` : 'a release it is named after'}`, ...at(hc.pos), resource: ksResource(k)})
        }
      }
    })
  },
}
