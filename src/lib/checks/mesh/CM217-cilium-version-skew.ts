// CM217: clusters of one mesh should run the same Cilium chart version (ClusterMesh is tested within a minor).
import {at} from '../../mesh/fact.js'
import type {MeshCluster} from '../../mesh/types.js'
import {majority, type MeshCheck, meshForPairs} from './support.js'

export const CM217: MeshCheck = {
  id: 'CM217',
  run(model, ctx) {
    const versions: {key: string; item: MeshCluster}[] = []
    for (const m of meshForPairs(model, ctx)) {
      const v = m.cilium?.chartVersion
      if (!v) continue
      if (!v.known) ctx.skip({cluster: m.name}, `chart version: ${v.reason}`)
      else versions.push({key: v.value, item: m})
    }
    const {reference, groups} = majority(versions)
    const ref = groups.get(reference)?.[0]
    for (const {key, item: m} of versions) {
      if (key === reference || !ref) {
        ctx.pass({cluster: m.name})
        continue
      }
      ctx.report({
        cluster: m.name,
        peer: ref.name,
        message: `${m.name} installs Cilium chart ${key}, ${ref.name} installs ${reference}`,
        ...at(m.cilium?.chartVersion),
      })
    }
  },
}
