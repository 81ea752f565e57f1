// One of the template cluster's YAML files, rewritten for the new cluster: its settings by role, the facts it
// writes literally (a pool's blocks, a pinned address, a cluster id) at the positions the mesh model found
// them, and the cluster's name everywhere else it appears, except in names of things that stay shared.
import {isMap, isScalar, isSeq, type Node, type Scalar, visit} from 'yaml'
import {normaliseRel} from '../gitops/repo/paths.js'
import type {SourcePos} from '../gitops/types.js'
import type {MeshCluster} from '../mesh/types.js'
import {formatIp, poolText} from './address-space.js'
import type {ClusterFacts} from './facts.js'
import {rewriteNewSettings, settingsMap, type NewSettingsInput} from './settings.js'
import {renameTokens} from './tokens.js'
import type {Answers} from './types.js'
import {pairOf, YamlText} from './yaml-text.js'

// Values under these keys name shared things (API groups, images, chart sources): never renamed.
const SHARED_KEYS = new Set(['apiVersion', 'kind', 'url', 'image', 'chart', 'version', 'tag', 'repository', 'registry'])

export interface CopyContext {
  template: MeshCluster
  from: ClusterFacts
  to: ClusterFacts
  answers: Answers
  /** True when the repository path exists now or the plan creates it. */
  exists(path: string): boolean
  /** Set when the file being copied holds the template's settings ConfigMap. */
  settings?: {variable: string; input: NewSettingsInput}
  /** Nodes starting at these positions are copied as they are (a static peer list, completed afterwards). */
  keep?: SourcePos[]
}

interface Rewrite {
  pos: SourcePos
  apply(t: YamlText): void
}

const at = (t: YamlText, pos: SourcePos) => t.valueScalarAt(pos.line, pos.column)
// The source before substitution: a `${VAR}` there is the settings' business, not a literal fact.
const literal = (s: Scalar | undefined): s is Scalar => s !== undefined && !String(s.value).includes('${')

function setIf(t: YamlText, pos: SourcePos, expected: string, value: string | number): void {
  // A list written in flow style (["10.1.0.0/16"]) is located at its bracket: the item holding the value.
  const seq = t.nodesAt(pos.line, pos.column).find((l) => isSeq(l.node))?.node
  const s = at(t, pos) ?? (isSeq(seq) ? (seq.items.find((i) => isScalar(i) && String(i.value) === expected) as Scalar | undefined) : undefined)
  if (s && literal(s) && String(s.value) === expected && !t.isEdited(s)) t.setScalar(s, value)
}

/** Facts the template writes literally (no settings variable) and where. */
function literalFacts(ctx: CopyContext): Rewrite[] {
  const {template: c, from, to, answers} = ctx
  const out: Rewrite[] = []
  const id = c.clusterId
  if (id.known && !id.variable && id.pos) out.push({pos: id.pos, apply: (t) => setIf(t, id.pos!, String(id.value), answers.id)})
  for (const [fact, next] of [[c.podCIDRs, to.podCIDRs], [c.serviceCIDRs, to.serviceCIDRs]] as const)
    if (fact.known) fact.value.forEach((x, i) => !x.variable && x.pos && next[i] && out.push({pos: x.pos, apply: (t) => setIf(t, x.pos!, x.cidr, next[i]!)}))
  const lb = c.clustermesh.lbIPs.known ? c.clustermesh.lbIPs.value[0] : undefined
  if (lb && !lb.origin.variable && lb.origin.pos) out.push({pos: lb.origin.pos, apply: (t) => setIf(t, lb.origin.pos!, lb.ip, answers.lbIP)})
  for (const p of c.meshSecrets)
    for (const k of p.externalSecret?.remoteKeys ?? [])
      if (k.pos && from.secretPath && to.secretPath) out.push({pos: k.pos, apply: (t) => setIf(t, k.pos!, from.secretPath!, to.secretPath!)})
  const block = c.lbPools.filter((p) => !p.disabled).flatMap((p) => p.blocks)[0]
  if (block?.pos && to.pool) out.push({pos: block.pos, apply: (t) => rewriteBlock(t, block.pos!, to)})
  return out
}

/** A CiliumLoadBalancerIPPool block ({start, stop} or {cidr}) written out literally. */
function rewriteBlock(t: YamlText, pos: SourcePos, to: ClusterFacts): void {
  const map = t.nodesAt(pos.line, pos.column).find((l) => isMap(l.node))?.node
  if (!isMap(map) || !to.pool) return
  const cidr = pairOf(map, 'cidr')?.value
  const start = pairOf(map, 'start')?.value
  const stop = pairOf(map, 'stop')?.value
  if (isScalar(cidr) && literal(cidr)) t.setScalar(cidr, poolText(to.pool, true))
  if (isScalar(start) && literal(start)) t.setScalar(start, formatIp(to.pool.family, to.pool.lo))
  if (isScalar(stop) && literal(stop)) t.setScalar(stop, formatIp(to.pool.family, to.pool.hi))
}

/**
 * A path-like value that points at something in the repository keeps pointing there unless its renamed twin
 * exists (or is planned): from the repository root, or relative to the file (the copy's own directory).
 */
function keepsPath(value: string, renamed: string, dirs: {from: string; to: string}, exists: (p: string) => boolean): boolean {
  if (!value.includes('/') && !/\.ya?ml$/.test(value)) return false
  const join = (base: string, v: string) => normaliseRel(base ? `${base}/${v.replace(/^\.\//, '')}` : v.replace(/^\.\//, ''))
  for (const [from, to] of [['', ''], [dirs.from, dirs.to]] as const) {
    const before = join(from, value)
    const after = join(to, renamed)
    if (before !== undefined && exists(before) && (after === undefined || !exists(after))) return true
  }
  return false
}

function renameScalar(t: YamlText, node: Scalar, ctx: CopyContext, dirs: {from: string; to: string}): void {
  const value = String(node.value ?? '')
  const renamed = renameTokens(value, ctx.from.name, ctx.to.name)
  if (renamed === value || keepsPath(value, renamed, dirs, ctx.exists)) return
  const [start, end] = node.range!
  const source = t.text.slice(start, end)
  // A whole-value name may need quotes in its new spelling; inside longer text the source is renamed as written.
  if (value === ctx.from.name && node.type === 'PLAIN') t.setScalar(node, renamed)
  else t.replaceRange(start, end, renameTokens(source, ctx.from.name, ctx.to.name))
}

function renameEverywhere(t: YamlText, ctx: CopyContext, dirs: {from: string; to: string}, skip: Node[]): void {
  const skipped = (n: Node) => skip.some((s) => s.range && n.range && s.range[0] <= n.range[0] && n.range[1] <= s.range[1])
  for (const doc of t.docs)
    visit(doc, {
      Pair(_k, pair) {
        if (isScalar(pair.key) && SHARED_KEYS.has(String(pair.key.value))) return visit.SKIP
        return undefined
      },
      Scalar(_k, node) {
        if (!node.range || t.isEdited(node) || skipped(node)) return
        renameScalar(t, node, ctx, dirs)
      },
    })
}

/** The new cluster's version of one template YAML file, and the settings it left for review. */
/**
 * Comments of a copy speak of the new cluster too ("# LoadBalancer addresses of infra" in infra's pool file).
 * A comment at the end of a line follows that line: it changes only when the line's value changed (the comment
 * of a shared setting, "# one vault for infra and apps", stays as it is).
 */
function renameComments(t: YamlText, ctx: CopyContext): void {
  for (const c of t.comments()) {
    const renamed = renameTokens(c.text, ctx.from.name, ctx.to.name)
    if (renamed === c.text) continue
    const lineStart = t.text.lastIndexOf('\n', c.start - 1) + 1
    const trailing = t.text.slice(lineStart, c.start).trim() !== ''
    if (trailing && !t.lineEdited(lineStart, c.start)) continue
    t.replaceRange(c.start, c.end, renamed)
  }
}

const dirOf = (file: string) => (file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '')

export function copyYaml(file: string, target: string, text: string, ctx: CopyContext): {text: string; review: string[]} {
  const t = new YamlText(file, text)
  let review: string[] = []
  const skip: Node[] = []
  if (ctx.settings) {
    const map = settingsMap(t, ctx.settings.variable)
    if (map) {
      review = rewriteNewSettings(t, map, ctx.settings.input)
      // Every setting was decided there (shared values stay as they are): no blind renaming inside.
      skip.push(map)
    }
  }
  for (const pos of ctx.keep ?? []) if (pos.file === file) skip.push(...t.nodesAt(pos.line, pos.column).map((l) => l.node))
  for (const r of literalFacts(ctx)) if (r.pos.file === file) r.apply(t)
  renameEverywhere(t, ctx, {from: dirOf(file), to: dirOf(target)}, skip)
  renameComments(t, ctx)
  return {text: t.result(), review}
}
