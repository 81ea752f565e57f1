// Static peer lists (clustermesh.config.clusters): every list a cluster uses must name every other cluster.
// A new entry is a copy of an existing one with that cluster's facts (name, address, ips) swapped in.
import {isMap, isPair, isScalar, isSeq, type Node, type YAMLSeq, visit} from 'yaml'
import type {MeshCluster} from '../mesh/types.js'
import {type ClusterFacts, mapValue} from './facts.js'
import {insertSeqItem, removeSeqItem, YamlText} from './yaml-text.js'

export interface PeerList {
  file: string
  doc: number
  /** Keys from the document root to the list. */
  path: (string | number)[]
}

/** The key path of a node: pair keys, and indexes inside sequences. */
function keyPathOf(ancestors: readonly unknown[], node: unknown): (string | number)[] {
  const out: (string | number)[] = []
  const chain = [...ancestors, node]
  chain.forEach((a, i) => {
    if (isPair(a) && isScalar(a.key)) out.push(String(a.key.value))
    if (isSeq(a) && i + 1 < chain.length) out.push(a.items.indexOf(chain[i + 1] as never))
  })
  return out
}

/** Where the lists of the existing clusters are written (one entry per file and list). */
export function peerLists(clusters: readonly MeshCluster[], read: (file: string) => string | undefined): PeerList[] {
  const found = new Map<string, PeerList>()
  for (const c of clusters) {
    const entry = c.clustermesh.peers.known ? c.clustermesh.peers.value.find((p) => p.pos) : undefined
    const text = entry?.pos && read(entry.pos.file)
    if (!entry?.pos || !text) continue
    const t = new YamlText(entry.pos.file, text)
    const offset = t.offsetOf(entry.pos.line, entry.pos.column)
    t.docs.forEach((doc, i) =>
      visit(doc, {
        Seq(_k, seq, ancestors) {
          if (!seq.items.some((item) => (item as Node).range?.[0] === offset)) return
          const list = {file: entry.pos!.file, doc: i, path: keyPathOf(ancestors, seq)}
          found.set(`${list.file}#${i}#${list.path.join('.')}`, list)
        },
      }),
    )
  }
  return [...found.values()]
}

const nameOf = (item: unknown) => (isMap(item) ? String((item.get('name', true) as {value?: unknown} | undefined)?.value ?? '') : '')

function itemText(t: YamlText, item: Node, from: ClusterFacts, to: ClusterFacts): string {
  const [start, end] = item.range!
  const edits: {s: number; e: number; text: string}[] = []
  visit(item as never, {
    Pair(_k, pair) {
      if (!isScalar(pair.key) || !pair.value) return
      const key = String(pair.key.value)
      // Per-peer certificates cannot be made here; the entry points at the shared client certificate instead.
      if (key === 'tls') edits.push({s: (pair.key.range![0]), e: t.lineEndAfter(pair.value as Node), text: ''})
    },
    Scalar(k, node) {
      if (k === 'key' || !node.range) return
      const value = String(node.value ?? '')
      const next = value === from.name ? to.name : mapValue(value, from, to, {used: new Set()})
      if (next !== value) edits.push({s: node.range[0], e: node.range[1], text: node.type === 'PLAIN' ? next : JSON.stringify(next)})
    },
  })
  let text = t.text.slice(start, end)
  for (const e of edits.sort((a, b) => b.s - a.s)) text = text.slice(0, e.s - start) + e.text + text.slice(e.e - start)
  return text.replace(/\n\s*$/, '')
}

/**
 * Adds entries for the missing clusters to one list (`facts` maps every cluster name to its facts). `drop`
 * removes entries first: a copy of another cluster's own list may name the new cluster as a peer.
 */
export function completeList(text: string, list: PeerList, facts: ReadonlyMap<string, ClusterFacts>, want: string[], drop?: string): {text: string; added: string[]; removed: number} {
  const t = new YamlText(list.file, text)
  const seq = t.docs[list.doc]?.getIn(list.path, true) as YAMLSeq | undefined
  if (!isSeq(seq) || seq.items.length === 0) return {text, added: [], removed: 0}
  const dropped = seq.items.map((item, i) => (drop && nameOf(item) === drop ? i : -1)).filter((i) => i >= 0)
  dropped.forEach((i) => removeSeqItem(t, seq, i))
  const present = new Set(seq.items.map(nameOf).filter((n) => n !== drop))
  const sample = seq.items.find((i) => facts.has(nameOf(i))) as Node | undefined
  const from = sample ? facts.get(nameOf(sample)) : undefined
  if (!sample || !from) return {text, added: [], removed: 0}
  const added = want.filter((n) => !present.has(n) && facts.has(n))
  const last = [...seq.items.keys()].filter((i) => !dropped.includes(i)).at(-1) ?? 0
  for (const name of added) insertSeqItem(t, seq, last, itemText(t, sample, from, facts.get(name)!), {raw: true})
  return {text: t.changed ? t.result() : text, added, removed: dropped.length}
}
