// CM223: a policy selecting io.cilium.k8s.policy.cluster: X matches nothing when no cluster of the mesh is named X.
import {at} from '../../mesh/fact.js'
import {type MeshCheck, meshName} from './support.js'

export const CM223: MeshCheck = {
  id: 'CM223',
  run(model, ctx) {
    const withRelease = model.clusters.filter((c) => c.cilium)
    const unknownName = withRelease.find((c) => !c.clusterName.known)
    const names = new Set(withRelease.map(meshName))
    // Peers configured by name are clusters of the mesh too, even when they live outside this repository.
    for (const c of withRelease) if (c.clustermesh.peers.known) for (const p of c.clustermesh.peers.value) names.add(p.name)
    for (const m of model.clusters) {
      if (m.policyClusterRefs.length === 0) {
        ctx.pass({cluster: m.name})
        continue
      }
      if (unknownName && !unknownName.clusterName.known) {
        ctx.skip({cluster: m.name}, `the cluster name of ${unknownName.name} is unknown: ${unknownName.clusterName.reason}`)
        continue
      }
      let fired = false
      for (const ref of m.policyClusterRefs) {
        if (names.has(ref.value)) continue
        fired = true
        ctx.report({
          cluster: m.name,
          message: `${ref.resource.kind} ${ref.resource.namespace ? `${ref.resource.namespace}/` : ''}${ref.resource.name} selects io.cilium.k8s.policy.cluster "${ref.value}", which is not a cluster of the mesh (${[...names].sort().join(', ')})`,
          ...at({pos: ref.pos, resource: ref.resource}),
        })
      }
      if (!fired) ctx.pass({cluster: m.name})
    }
  },
}
