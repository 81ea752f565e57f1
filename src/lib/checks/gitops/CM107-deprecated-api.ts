// CM107: objects written with an apiVersion its project deprecated or removed. For Flux, external-secrets and
// Cilium the cluster's pinned version decides: a replacement is recommended only once that version serves it
// (unknown version: reported, saying so), and an apiVersion that version no longer serves is an error, because
// the object can never be applied (the same id: CM107 is "deprecated or removed"; removal is its worst case).
import {ciliumMinor, externalSecretsVersion, fluxVersion, type Pinned} from './cilium-version.js'
import {deprecationFor, judge, type Project} from './deprecated-apis.js'
import {at, type GitopsCheck, perCluster, resourceOf} from './support.js'

const MESH_SECRETS = new Set(['cilium-clustermesh', 'cilium-kvstoremesh'])

export const CM107: GitopsCheck = {
  id: 'CM107',
  run(model, ctx) {
    perCluster(model, ctx, (c) => {
      const cilium = ciliumMinor(c)
      const versions: Record<Project, Pinned | undefined> = {
        Flux: fluxVersion(c, model.repo.root),
        'external-secrets': externalSecretsVersion(c),
        Cilium: cilium ? {minor: cilium, version: cilium, at: {file: '', line: 0, column: 0}} : undefined,
      }
      for (const o of c.objects) {
        const {apiVersion, kind} = o.object
        if (typeof apiVersion !== 'string' || typeof kind !== 'string') continue
        const d = deprecationFor(apiVersion, kind)
        if (!d) continue
        const pinned = d.project ? versions[d.project] : undefined
        const v = judge(d, kind, pinned)
        if (!v) continue
        const name = o.object.metadata?.name ?? ''
        const where = at(o.locate(['apiVersion']) ?? o.source)
        if (v.notServed && pinned) {
          const pin = pinned.at.file ? ` (pinned at ${pinned.at.file}:${pinned.at.line})` : ''
          const by = o.producedBy ? `Flux cannot apply it (kustomize-controller fails Kustomization ${o.producedBy}: no matches for kind ${kind} in version ${apiVersion})` : 'Flux cannot apply it'
          ctx.report({
            cluster: c.name,
            severity: 'error',
            message: `${kind} ${name} uses ${apiVersion}, which ${d.project} ${pinned.version}${pin} no longer serves (removed in ${d.project} ${d.removedIn}): ${by}${consequence(kind, o.object)}; use ${v.use}`,
            ...where,
            resource: resourceOf(o),
            hint: `move to ${v.use}; ${d.project} ${pinned.version} serves only that`,
            group: `${apiVersion} ${kind}`,
            groupMessage: `${kind} objects use ${apiVersion}, which ${d.project} ${pinned.version}${pin} no longer serves (removed in ${d.project} ${d.removedIn}): Flux cannot apply them; use ${v.use}`,
          })
          continue
        }
        ctx.report({
          cluster: c.name,
          message: `${kind} ${name} uses ${apiVersion}, ${d.state}: ${d.note}${v.when}; use ${v.use}`,
          ...where,
          resource: resourceOf(o),
          // One mistake per (apiVersion, kind): the same edit (or one migration tool run) fixes every object.
          group: `${apiVersion} ${kind}`,
          groupMessage: `${kind} objects use ${apiVersion}, ${d.state}: ${d.note}${v.when}; use ${v.use}`,
        })
      }
    })
  },
}

/** What never appears because the object is never applied, when it matters to the mesh. */
function consequence(kind: string, object: Record<string, unknown>): string {
  if (kind !== 'ExternalSecret') return ''
  const spec = (object.spec ?? {}) as {target?: {name?: unknown}}
  const meta = (object.metadata ?? {}) as {name?: string; namespace?: string}
  const target = typeof spec.target?.name === 'string' && spec.target.name ? spec.target.name : meta.name
  if (!target) return ''
  if (MESH_SECRETS.has(target))
    return `, so Secret ${meta.namespace ? `${meta.namespace}/` : ''}${target} never appears and the clustermesh-apiserver's peers time out`
  return `, so Secret ${meta.namespace ? `${meta.namespace}/` : ''}${target} never appears`
}
