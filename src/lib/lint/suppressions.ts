// Suppression rules carried by rendered objects: the mesh.kubectl.io/suppress annotation.
// (The `suppress:` list of .kubectl-mesh.yaml is read with the rest of that file by the renderer.)
import type {RenderedRepository} from '../gitops/types.js'
import {rulesFromAnnotation, SUPPRESS_ANNOTATION, type SuppressRule} from '../report/suppress.js'

/** Rules from the annotation on rendered objects, bound to that object in that cluster. */
export function annotationSuppressions(repo: RenderedRepository): SuppressRule[] {
  const rules: SuppressRule[] = []
  for (const cluster of repo.clusters) {
    for (const o of cluster.objects) {
      const value = o.object.metadata?.annotations?.[SUPPRESS_ANNOTATION]
      if (typeof value !== 'string' || !o.object.kind || !o.object.metadata?.name) continue
      const resource = {kind: o.object.kind, name: o.object.metadata.name, ...(o.object.metadata.namespace ? {namespace: o.object.metadata.namespace} : {})}
      rules.push(...rulesFromAnnotation(value, resource, cluster.name))
    }
  }
  return rules
}
