// Shared by CM205–CM207: overlapping address ranges between two clusters' CIDR lists.
import type {CheckContext} from '../engine.js'
import {overlaps} from '../../mesh/cidr.js'
import {at, type Fact, provenance} from '../../mesh/fact.js'
import type {Cidr, MeshCluster} from '../../mesh/types.js'
import {parsedCidrs} from './support.js'

export interface Side {
  m: MeshCluster
  label: string
  fact: Fact<Cidr[]>
}

/** Reports the first overlap of `mine` with `theirs` (cluster = mine's, peer = theirs'); returns whether it did. */
export function reportOverlap(ctx: CheckContext, mine: Side, theirs: Side): boolean | undefined {
  if (!mine.fact.known) return undefined
  if (!theirs.fact.known) {
    ctx.skip({cluster: mine.m.name, peer: theirs.m.name}, `${theirs.label} of ${theirs.m.name}: ${theirs.fact.reason}`)
    return undefined
  }
  for (const a of parsedCidrs(mine.fact.value))
    for (const b of parsedCidrs(theirs.fact.value)) {
      if (!overlaps(a.range, b.range)) continue
      const same = a.range.lo === b.range.lo && a.range.hi === b.range.hi
      ctx.report({
        cluster: mine.m.name,
        peer: theirs.m.name,
        message:
          `${mine.label} ${a.cidr.cidr}${provenance(a.cidr)} of ${mine.m.name} ${same ? 'is the same range as' : 'overlaps'} ` +
          `${theirs.label} ${b.cidr.cidr}${provenance(b.cidr)} of ${theirs.m.name}`,
        ...at(a.cidr),
        details: [`${theirs.m.name}: ${theirs.label} ${b.cidr.cidr} at ${posText(b.cidr)}`],
      })
      return true
    }
  return false
}

const posText = (c: Cidr) => {
  const p = c.variable?.pos ?? c.pos
  return p ? `${p.file}:${p.line}:${p.column}` : 'unknown position'
}
