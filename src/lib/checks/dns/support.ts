// Shared helpers of the CM6xx checks: the answers of a target's lookup, address equality, pool ranges.
import type {Check, CheckContext} from '../engine.js'
import {contains, type IpRange, parseIp, parseRange} from '../../mesh/cidr.js'
import {answers, type Answer, lookupFailure} from '../../dnscheck/lookup.js'
import type {DnsCheckModel, DnsTarget, PinnedAddress, PoolBlock} from '../../dnscheck/types.js'

export type DnsCheck = Check<DnsCheckModel>

/** The target's answers, or undefined after recording why the check cannot look at them (a skip). */
export function resolvedOrSkip(ctx: CheckContext, t: DnsTarget): {name: string; answers: Answer[]} | undefined {
  if (!t.pick.ok) {
    ctx.skip({cluster: t.cluster}, t.pick.reason)
    return undefined
  }
  const failure = t.lookup ? lookupFailure(t.lookup) : {kind: 'not looked up', message: ''}
  if (!t.lookup || failure) {
    ctx.skip({cluster: t.cluster}, `${t.pick.choice.name} does not resolve (${failure?.kind}, CM601)`)
    return undefined
  }
  return {name: t.pick.choice.name, answers: answers(t.lookup)}
}

/** Same address, whatever the spelling (IPv6 zero compression, leading zeros). */
export function sameAddress(a: string, b: string): boolean {
  const x = parseIp(a)
  const y = parseIp(b)
  return x && y ? x.family === y.family && x.lo === y.lo : a.trim() === b.trim()
}

export const includesAddress = (list: readonly string[], ip: string) => list.some((x) => sameAddress(x, ip))

export interface PoolRange {
  block: PoolBlock
  range: IpRange
}

export const poolRanges = (blocks: readonly PoolBlock[]): PoolRange[] =>
  blocks.flatMap((block) => {
    const range = parseRange(block.text)
    return range ? [{block, range}] : []
  })

export function inPools(ranges: readonly PoolRange[], ip: string): boolean | undefined {
  const addr = parseIp(ip)
  return addr ? ranges.some((r) => contains(r.range, addr)) : undefined
}

/** "pool apps-pool: 10.25.11.120-10.25.11.139 (file:line)" */
export function describePool(b: PoolBlock): string {
  const pos = b.origin?.pos
  return `pool ${b.pool}: ${b.text}${pos ? ` (${pos.file}:${pos.line})` : ''}`
}

export const list = (items: readonly string[]) => items.join(', ')

/** "annotation lbipam.cilium.io/ips, from CILIUM_CLUSTERMESH_LB_IP" */
export const pinSource = (p: PinnedAddress) => `${p.via}${p.origin.variable ? `, from ${p.origin.variable.name}` : ''}`
