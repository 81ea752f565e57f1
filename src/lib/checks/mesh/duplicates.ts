// Shared by CM203/CM204: report every later cluster that repeats an earlier cluster's value.
import type {CheckContext} from '../engine.js'
import {at, type Fact, provenance} from '../../mesh/fact.js'
import type {MeshCluster} from '../../mesh/types.js'

export function reportDuplicates(
  ctx: CheckContext,
  members: readonly MeshCluster[],
  factOf: (m: MeshCluster) => Fact<unknown>,
  what: string,
): void {
  const seen = new Map<string, MeshCluster>()
  for (const m of members) {
    const f = factOf(m)
    if (!f.known) {
      ctx.skip({cluster: m.name}, f.reason)
      continue
    }
    const key = String(f.value)
    const first = seen.get(key)
    if (first) {
      ctx.report({
        cluster: m.name,
        peer: first.name,
        message: `clusters ${first.name} and ${m.name} both use ${what} ${key}${provenance(f)}`,
        ...at(f),
      })
    } else {
      seen.set(key, m)
      ctx.pass({cluster: m.name})
    }
  }
}
