// CM106: a healthChecks entry that names an object the Kustomization does not apply, or names it with another
// apiVersion than the one applied: Flux then waits for (or times out on) something else.
import type {RenderedObject} from '../../gitops/types.js'
import {at, type GitopsCheck, isHelmRelease, ksKey, ksResource, perCluster} from './support.js'

/** API groups whose objects create no further objects the repository would not show. */
const BUILTIN_GROUPS = new Set(['', 'apps', 'batch', 'rbac.authorization.k8s.io', 'networking.k8s.io', 'policy', 'storage.k8s.io',
  'apiextensions.k8s.io', 'admissionregistration.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'autoscaling', 'discovery.k8s.io',
  'kustomize.toolkit.fluxcd.io', 'monitoring.coreos.com', 'external-secrets.io', 'cilium.io', 'gateway.networking.k8s.io', 'cert-manager.io'])

const group = (apiVersion: string | undefined) => (apiVersion?.includes('/') ? apiVersion.slice(0, apiVersion.lastIndexOf('/')) : '')

export const CM106: GitopsCheck = {
  id: 'CM106',
  run(model, ctx) {
    perCluster(model, ctx, (c) => {
      const parent = new Map(c.kustomizations.map((k) => [ksKey(k), k.producedBy]))
      // Objects a Kustomization applies itself or through the Kustomizations it applies.
      const appliedBy = (o: RenderedObject, key: string) => {
        for (let p = o.producedBy, n = 0; p && n < 100; p = parent.get(p), n++) if (p === key) return true
        return false
      }
      for (const k of c.kustomizations) {
        const own = c.objects.filter((o) => appliedBy(o, ksKey(k)) || (o === k.object && !k.producedBy))
        // Charts and operators create objects the repository does not contain (Deployments of a HelmRelease …).
        const creators = own.filter((o) => isHelmRelease(o) || (o.object.kind !== undefined && !BUILTIN_GROUPS.has(group(o.object.apiVersion))))
        for (const hc of k.healthChecks ?? []) {
          const sameName = (o: RenderedObject) =>
            o.object.kind === hc.kind && o.object.metadata?.name === hc.name &&
            // Cluster-scoped kinds carry no namespace; kustomize may still have set one on them.
            (!hc.namespace || !o.object.metadata?.namespace || o.object.metadata.namespace === hc.namespace)
          const mine = own.filter(sameName)
          const what = `${hc.kind} ${hc.namespace ? `${hc.namespace}/` : ''}${hc.name}`
          if (mine.some((o) => o.object.apiVersion === hc.apiVersion)) continue
          const sameGroup = mine.find((o) => group(o.object.apiVersion) === group(hc.apiVersion))
          if (sameGroup) {
            ctx.report({cluster: c.name, message: `Kustomization ${ksKey(k)} checks the health of ${what} as ${hc.apiVersion}, but applies it as ${sameGroup.object.apiVersion}`, ...at(hc.pos), resource: ksResource(k)})
            continue
          }
          const elsewhereFirst = c.objects.find((o) => sameName(o) && !appliedBy(o, ksKey(k)))
          if (!elsewhereFirst && creators.length > 0) {
            ctx.skip({cluster: c.name}, `${what} is not in the repository; it may be created by what Kustomization ${ksKey(k)} applies (${creators.slice(0, 3).map((o) => `${o.object.kind} ${o.object.metadata?.name}`).join(', ')})`)
            continue
          }
          if ((k.incomplete ?? []).length > 0) {
            ctx.skip({cluster: c.name}, `Kustomization ${ksKey(k)} could not be rendered completely, so whether it applies ${what} is unknown`)
            continue
          }
          const elsewhere = c.objects.find((o) => sameName(o) && group(o.object.apiVersion) === group(hc.apiVersion))
          const tail = elsewhere ? ` (it is applied by ${elsewhere.producedBy ?? 'the cluster entry point'})` : ''
          ctx.report({cluster: c.name, message: `Kustomization ${ksKey(k)} checks the health of ${hc.apiVersion} ${what}, which it does not apply${tail}`, ...at(hc.pos), resource: ksResource(k)})
        }
      }
    })
  },
}
