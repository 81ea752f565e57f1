// CM203: every cluster of the mesh needs its own cluster.id ("clusterID %d is already used" in the agent).
import {reportDuplicates} from './duplicates.js'
import {type MeshCheck, meshForPairs} from './support.js'

export const CM203: MeshCheck = {
  id: 'CM203',
  run(model, ctx) {
    reportDuplicates(ctx, meshForPairs(model, ctx), (m) => m.clusterId, 'cluster id')
  },
}
