// CM202: cluster.id must be an integer in 1..255 (1..511 with maxConnectedClusters 511) once ClusterMesh is on;
// id 0 makes the agent silently leave ClusterMesh off (pkg/clustermesh: NewClusterMesh returns nil).
import {at, provenance} from '../../mesh/fact.js'
import {type MeshCheck, membership, skipIfUnknown, withCilium} from './support.js'

export const CM202: MeshCheck = {
  id: 'CM202',
  run(model, ctx) {
    const {members, uncertain} = membership(model)
    for (const m of withCilium(model)) {
      if (skipIfUnknown(ctx, m, m.clusterId)) continue
      if (!m.clusterId.known) continue
      const raw = m.clusterId.value
      const meshOn = members.includes(m)
      const where = at(m.clusterId)
      const said = `cluster.id${provenance(m.clusterId)}`
      if (typeof raw === 'string' && /^\d+$/.test(raw.trim())) {
        // The chart's values.schema.json types cluster.id as an integer: Helm refuses a quoted id.
        // The quotes are in the values (a values file Flux substitutes as text), not in the settings: point there.
        ctx.report({
          cluster: m.name,
          message: `${said} is the string "${raw}"; the chart's values.schema.json wants an integer, so the HelmRelease fails (remove the quotes)`,
          ...at({...m.clusterId, variable: undefined}),
        })
        continue
      }
      if (typeof raw !== 'number' || !Number.isInteger(raw)) {
        ctx.report({cluster: m.name, message: `${said} is ${JSON.stringify(raw ?? null)}, not an integer`, ...where})
        continue
      }
      const max = m.clustermesh.maxConnectedClusters.known && Number(m.clustermesh.maxConnectedClusters.value) === 511 ? 511 : 255
      if (raw < 0 || raw > max) {
        ctx.report({cluster: m.name, message: `${said} is ${raw}, outside 1..${max}`, ...where})
        continue
      }
      if (raw === 0 && meshOn) {
        ctx.report({
          cluster: m.name,
          message: `${said} is 0 while ClusterMesh is configured: the agent silently turns ClusterMesh off`,
          ...where,
        })
        continue
      }
      if (raw === 0 && uncertain.some((u) => u.cluster === m)) {
        ctx.skip({cluster: m.name}, uncertain.find((u) => u.cluster === m)?.reason ?? 'mesh membership unknown')
        continue
      }
      ctx.pass({cluster: m.name})
    }
  },
}
