// CM102: substituteFrom names a ConfigMap/Secret no build of the cluster produces (and it is not optional):
// kustomize-controller then fails the Kustomization with "substitute from 'ConfigMap/x' error".
// kustomize-controller reads the source from the API server at every reconcile, so any object the cluster's builds
// produce satisfies it, also one produced later in the graph (by a generator, another Kustomization …). A name that
// still holds `${VAR}` after the parent's substitution depends on a value known only in the cluster (a SOPS-encrypted
// variable): it is satisfied by any object whose name fits.
import type {RenderedCluster} from '../../gitops/types.js'
import {at, type GitopsCheck, ksKey, ksResource, perCluster} from './support.js'

const VAR = /\$\{[^}]*\}/g
const escape = (s: string) => s.replaceAll(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Matches the names the source may have: literal parts as written, each `${...}` standing for any text. */
function namePattern(name: string): RegExp | undefined {
  if (!VAR.test(name)) return undefined
  VAR.lastIndex = 0
  return new RegExp(`^${name.split(VAR).map(escape).join('.+')}$`)
}

function produced(c: RenderedCluster, kind: string, namespace: string, name: string): boolean {
  const pattern = namePattern(name)
  return c.objects.some((o) =>
    o.object.kind === kind && (o.object.apiVersion ?? 'v1') === 'v1' && (o.object.metadata?.namespace || 'default') === namespace &&
    (pattern ? pattern.test(o.object.metadata?.name ?? '') : o.object.metadata?.name === name))
}

export const CM102: GitopsCheck = {
  id: 'CM102',
  run(model, ctx) {
    perCluster(model, ctx, (c) => {
      for (const k of c.kustomizations) {
        for (const s of k.substituteFrom ?? []) {
          if (s.found || s.optional) continue
          const rightKind = s.kind === 'ConfigMap' || s.kind === 'Secret'
          if (rightKind && produced(c, s.kind, k.namespace, s.name)) continue
          const kindNote = rightKind ? '' : ` (kind must be ConfigMap or Secret, not ${JSON.stringify(s.kind)})`
          const what = namePattern(s.name) ? `a ${s.kind} named like ${k.namespace}/${s.name}` : `${s.kind} ${k.namespace}/${s.name}`
          ctx.report({
            cluster: c.name,
            message: `Kustomization ${ksKey(k)} substitutes from ${what}, which no build of cluster ${c.name} produces${kindNote}`,
            ...at(s.pos),
            resource: ksResource(k),
          })
        }
      }
    })
  },
}
