// CM201: cluster.name must be a valid Cilium cluster name (pkg/clustermesh/types: at most 32 characters,
// ^([a-z0-9][-a-z0-9]*)?[a-z0-9]$, and not "default" with a non-zero cluster id). 1.17+ agents refuse invalid names.
import {at, provenance} from '../../mesh/fact.js'
import {type MeshCheck, skipIfUnknown, withCilium} from './support.js'

const NAME = /^([a-z0-9][-a-z0-9]*)?[a-z0-9]$/
const MAX = 32

export function nameProblem(name: string, id: unknown): string | undefined {
  if (name === '') return 'is empty'
  if (name.length > MAX) return `is ${name.length} characters long (at most ${MAX})`
  if (!NAME.test(name)) return 'must be lower-case letters, digits and "-", starting and ending with a letter or digit'
  if (name === 'default' && id !== 0 && id !== '0' && id !== undefined && id !== null)
    return 'is the default name "default", which Cilium refuses with a non-zero cluster id'
  return undefined
}

export const CM201: MeshCheck = {
  id: 'CM201',
  run(model, ctx) {
    for (const m of withCilium(model)) {
      if (skipIfUnknown(ctx, m, m.clusterName)) continue
      if (!m.clusterName.known) continue
      const name = m.clusterName.value === null || m.clusterName.value === undefined ? '' : String(m.clusterName.value)
      const problem = nameProblem(name, m.clusterId.known ? m.clusterId.value : undefined)
      if (!problem) {
        ctx.pass({cluster: m.name})
        continue
      }
      ctx.report({
        cluster: m.name,
        message: `cluster.name "${name}"${provenance(m.clusterName)} ${problem}`,
        ...at(m.clusterName),
      })
    }
  },
}
