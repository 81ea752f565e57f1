// CM208: clustermesh.maxConnectedClusters is 255 or 511 ("--max-connected-clusters=%d is invalid; supported values
// are [255, 511]") and the same in every cluster ("mismatched MaxConnectedClusters; local=%d, remote=%d").
// The chart refuses other values at render time (templates/validate.yaml: "max-connected-clusters must be set to 255
// or 511") and its values.schema.json types the key as an integer, so a quoted "511" fails the HelmRelease too.
import {at, type Fact, provenance} from '../../mesh/fact.js'
import type {MeshCluster} from '../../mesh/types.js'
import {majority, type MeshCheck, meshForPairs} from './support.js'

/** The quotes are written where the value is, not where the variable is defined. */
const atValue = (f: Fact<unknown>) => at({...f, variable: undefined})

export const CM208: MeshCheck = {
  id: 'CM208',
  run(model, ctx) {
    const valid: {key: string; item: MeshCluster}[] = []
    const members = new Set(meshForPairs(model, ctx))
    // The chart validates the value in every cluster that installs it, mesh or not (templates/validate.yaml);
    // only clusters of the mesh must agree with each other.
    for (const m of model.clusters.filter((c) => c.cilium)) {
      const f = m.clustermesh.maxConnectedClusters
      if (!f.known) {
        if (members.has(m)) ctx.skip({cluster: m.name}, f.reason)
        continue
      }
      if (typeof f.value === 'string' && /^\s*\d+\s*$/.test(f.value)) {
        ctx.report({
          cluster: m.name,
          message: `clustermesh.maxConnectedClusters${provenance(f)} is the string "${f.value}"; the chart's values.schema.json wants an integer, so the HelmRelease fails (remove the quotes)`,
          ...atValue(f),
        })
        continue
      }
      const n = Number(f.value)
      if (typeof f.value === 'boolean' || f.value === null || (n !== 255 && n !== 511)) {
        ctx.report({
          cluster: m.name,
          message: `clustermesh.maxConnectedClusters${provenance(f)} is ${JSON.stringify(f.value)}; only 255 and 511 are supported`,
          ...at(f),
        })
        continue
      }
      if (members.has(m)) valid.push({key: String(n), item: m})
      else ctx.pass({cluster: m.name})
    }
    const {reference, groups} = majority(valid)
    const ref = groups.get(reference)?.[0]
    for (const {key, item: m} of valid) {
      if (key === reference || !ref) {
        ctx.pass({cluster: m.name})
        continue
      }
      const f = m.clustermesh.maxConnectedClusters
      ctx.report({
        cluster: m.name,
        peer: ref.name,
        message: `clustermesh.maxConnectedClusters${provenance(f)} is ${key} in ${m.name} but ${reference} in ${ref.name}; it must be the same in every cluster`,
        ...at(f),
      })
    }
  },
}
