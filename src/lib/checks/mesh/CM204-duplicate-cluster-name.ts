// CM204: every cluster of the mesh needs its own cluster.name (peers are keyed by name in the mesh Secret and etcd).
import {reportDuplicates} from './duplicates.js'
import {type MeshCheck, meshForPairs} from './support.js'

export const CM204: MeshCheck = {
  id: 'CM204',
  run(model, ctx) {
    reportDuplicates(ctx, meshForPairs(model, ctx), (m) => m.clusterName, 'cluster name')
  },
}
