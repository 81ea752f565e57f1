// CM102: substituteFrom names a ConfigMap/Secret no build of the cluster produces (and it is not optional):
// kustomize-controller then fails the Kustomization with "substitute from 'ConfigMap/x' error".
import {at, type GitopsCheck, ksKey, ksResource, perCluster} from './support.js'

export const CM102: GitopsCheck = {
  id: 'CM102',
  run(model, ctx) {
    perCluster(model, ctx, (c) => {
      for (const k of c.kustomizations) {
        for (const s of k.substituteFrom ?? []) {
          if (s.found || s.optional) continue
          const kindNote = s.kind === 'ConfigMap' || s.kind === 'Secret' ? '' : ` (kind must be ConfigMap or Secret, not ${JSON.stringify(s.kind)})`
          ctx.report({
            cluster: c.name,
            message: `Kustomization ${ksKey(k)} substitutes from ${s.kind} ${k.namespace}/${s.name}, which no build of cluster ${c.name} produces${kindNote}`,
            ...at(s.pos),
            resource: ksResource(k),
          })
        }
      }
    })
  },
}
