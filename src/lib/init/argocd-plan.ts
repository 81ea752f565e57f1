// init on an Argo CD repository: the conventions of the existing clusters, learnt from the tree, and the new
// cluster added the same way.
//
//  - Per-cluster files: a path that carries the template's name and has a twin for every other cluster
//    (argocd/apps/cilium-east.yaml next to cilium-west.yaml, clusters/eu next to clusters/us, argocd/clusters/east.yaml)
//    is copied with the new cluster's facts: the Application with its valuesObject (id, PodCIDRs, the
//    clustermesh-apiserver address at the positions the mesh model found them, the name everywhere else), the
//    per-cluster values file a `$values/…` valueFiles entry reads, the LB-IPAM pool, the cluster Secret.
//  - A list generator element per cluster (ApplicationSet, also inside matrix/merge): the template's element is
//    copied after the last one with the new cluster's values.
//  - A cluster Secret kept in a shared file (several clusters' Secrets in one file): a copy of the template's document
//    is appended.
//  - Static peer lists (clustermesh.config.clusters): every existing list gets the new cluster; the copied
//    Application keeps the template's list and gets the entries it lacks (the new cluster itself when the template
//    names itself).
//  - kustomization.yaml resources that list every cluster's own file get the new one.
import {isMap, isScalar, isSeq, type Node, type Scalar, visit, type YAMLMap, type YAMLSeq} from 'yaml'
import type {LoadedRepository} from '../lint/load.js'
import type {RenderedCluster} from '../gitops/types.js'
import type {MeshCluster} from '../mesh/types.js'
import {copyTemplateFile} from './copy-file.js'
import {type ClusterFacts, factsOf, mapValue} from './facts.js'
import {copiedPath, filesUnder, perClusterRoots} from './paths.js'
import {completeList, peerLists} from './peers.js'
import {addKustomizationRefs, isKustomizationFile} from './refs.js'
import {hasToken, renameTokens} from './tokens.js'
import type {Answers} from './types.js'
import type {Workspace} from './workspace.js'
import {insertSeqItem, renderScalar, YamlText} from './yaml-text.js'

const ciliumName = (c: MeshCluster) => (c.clusterName.known ? String(c.clusterName.value) : c.name)
const under = (f: string, r: string) => f === r || f.startsWith(`${r}/`)

/** Whether the cluster's Cilium comes from an Argo CD Application (its shape is copied by this planner). */
export const isArgoCluster = (c: MeshCluster | RenderedCluster | undefined) =>
  c?.found?.foundBy === 'argocd-application' || c?.found?.foundBy === 'argocd-applicationset'

export interface ArgoPlanInput {
  loaded: LoadedRepository
  answers: Answers
  template: MeshCluster
  existing: MeshCluster[]
  ws: Workspace
  from: ClusterFacts
  to: ClusterFacts
}

export interface ArgoPlanResult {
  review: string[]
  sopsCopies: string[]
  /** The conventions recognised, in a few words each (for the plan's review). */
  conventions: string[]
}

interface S extends ArgoPlanInput {
  roots: string[]
  out: ArgoPlanResult
  rendered: RenderedCluster
}

/** The template's per-cluster paths: those carrying its name with a twin for every other cluster. */
function argoRoots(s: ArgoPlanInput): string[] {
  const all = s.loaded.repo.files?.all ?? []
  const usage = (c: MeshCluster) => ({name: c.name, used: new Set(all.filter((f) => hasToken(f, c.name)))})
  const others = s.existing.filter((c) => c !== s.template)
  return perClusterRoots(usage(s.template), others.map(usage), (p) => s.ws.exists(p))
}

function copyRoots(s: S): void {
  const {ws, template, answers} = s
  const pairs = s.roots.flatMap((root) => filesUnder(ws.fs, root).map((file) => ({file, to: copiedPath(file, root, template.name, answers.name)})))
  pairs.forEach((p) => ws.reserve(p.to))
  // The template's static peer list is copied as it is, then completed (updatePeers): not renamed.
  const keep = template.clustermesh.peers.known && template.clustermesh.peers.pos ? [template.clustermesh.peers.pos] : []
  for (const p of pairs) copyTemplateFile(ws, p, {template, from: s.from, to: s.to, answers, exists: (x) => ws.exists(x), keep}, s.out)
  if (pairs.length) s.out.conventions.push(`files of its own per cluster (${s.roots.join(', ')}): copied for ${answers.name}`)
}

/** The text of a copied YAML node, each scalar value mapped from one cluster's facts to another's. */
function copyNode(t: YamlText, node: Node, map: (value: string, scalar: Scalar) => string): string {
  const [start, end] = node.range!
  const edits: {s: number; e: number; text: string}[] = []
  visit(node as never, {
    Scalar(k, scalar) {
      if (k === 'key' || !scalar.range) return
      const value = String(scalar.value ?? '')
      const next = map(value, scalar)
      if (next !== value) edits.push({s: scalar.range[0], e: scalar.range[1], text: renderScalar(next, scalar.type)})
    },
  })
  let text = t.text.slice(start, end)
  for (const e of edits.sort((a, b) => b.s - a.s)) text = text.slice(0, e.s - start) + e.text + text.slice(e.e - start)
  return text.replace(/\n\s*$/, '')
}

/** Every list generator's elements sequence of an ApplicationSet document (matrix and merge children too). */
function elementLists(doc: YAMLMap): YAMLSeq[] {
  const out: YAMLSeq[] = []
  const walk = (gens: unknown): void => {
    if (!isSeq(gens)) return
    for (const g of gens.items) {
      if (!isMap(g)) continue
      const list = g.get('list', true)
      const elements = isMap(list) ? list.get('elements', true) : undefined
      if (isSeq(elements)) out.push(elements as YAMLSeq)
      for (const k of ['matrix', 'merge']) {
        const inner = g.get(k, true)
        if (isMap(inner)) walk(inner.get('generators', true))
      }
    }
  }
  const spec = doc.get('spec', true)
  if (isMap(spec)) walk(spec.get('generators', true))
  return out
}

/** The scalar values of an element: a cluster's element names it (cluster: eu, url: https://eu.k8s.example.com). */
function namesCluster(item: unknown, name: string): boolean {
  let found = false
  visit(item as never, {
    Scalar(k, s) {
      if (k !== 'key' && hasToken(String(s.value ?? ''), name)) found = true
    },
  })
  return found
}

/** A list generator with an element per cluster: the template's element, copied for the new cluster. */
function addListElement(s: S): void {
  const app = s.rendered.argocdCilium?.app
  if (!app) return
  const file = app.source.file
  const text = s.ws.read(file)
  if (text === undefined) return
  const t = new YamlText(file, text)
  const doc = t.docs.find((d) => d.contents && t.lines.linePos(d.contents.range![0]).line <= app.source.line && app.source.line <= t.lines.linePos(d.contents.range![1]).line)
  const root = doc?.contents
  if (!isMap(root) || String(root.get('kind') ?? '') !== 'ApplicationSet') return
  const others = s.existing.filter((c) => c !== s.template).map(ciliumName)
  const name = ciliumName(s.template)
  for (const seq of elementLists(root)) {
    const mine = seq.items.findIndex((i) => namesCluster(i, name))
    if (mine < 0 || !others.every((o) => seq.items.some((i) => namesCluster(i, o)))) continue
    s.out.conventions.push(`a list generator element per cluster (${file}): one added for ${s.answers.name}`)
    if (seq.items.some((i) => namesCluster(i, s.answers.name))) return
    const item = seq.items[mine] as Node
    const idPos = s.template.clusterId.known && !s.template.clusterId.variable ? s.template.clusterId.pos : undefined
    const used = new Set([s.answers.lbIP])
    const copy = copyNode(t, item, (value, scalar) => {
      const at = idPos && idPos.file === file && scalar.range && t.offsetOf(idPos.line, idPos.column) === scalar.range[0]
      return at ? String(s.answers.id) : mapValue(value, s.from, s.to, {used})
    })
    insertSeqItem(t, seq, seq.items.length - 1, copy, {raw: true})
    s.ws.write(file, t.result(), `a list generator element for ${s.answers.name}`)
    return
  }
}

/** The template's cluster Secret in a file shared with other clusters' Secrets: a copy of its document appended. */
function addSharedClusterSecret(s: S): void {
  const name = s.template.name
  const files = (s.loaded.repo.files?.all ?? []).filter((f) => !s.roots.some((r) => under(f, r)))
  for (const file of files) {
    const text = s.ws.read(file)
    if (text === undefined || !text.includes('argocd.argoproj.io/secret-type')) continue
    let t: YamlText
    try {
      t = new YamlText(file, text)
    } catch {
      continue
    }
    const secrets = t.docs.filter((d) => {
      const js = d.toJS() as {kind?: string; metadata?: {labels?: Record<string, string>}} | null
      return js?.kind === 'Secret' && js.metadata?.labels?.['argocd.argoproj.io/secret-type'] === 'cluster'
    })
    const mine = secrets.find((d) => namesCluster(d.contents, name))
    if (!mine?.contents || secrets.length < 2) continue
    s.out.conventions.push(`cluster Secrets kept together in ${file}: one added for ${s.answers.name}`)
    if (secrets.some((d) => namesCluster(d.contents, s.answers.name))) continue
    const copy = copyNode(t, mine.contents, (value) => renameTokens(value, name, s.answers.name))
    const end = text.endsWith('\n') ? text : `${text}\n`
    s.ws.write(file, `${end}---\n${copy}\n`, `the cluster Secret of ${s.answers.name}`)
  }
}

function updatePeers(s: S): void {
  const facts = new Map<string, ClusterFacts>(s.existing.map((c) => [ciliumName(c), {...factsOf(c), name: ciliumName(c)}]))
  facts.set(s.to.name, s.to)
  const listsItself = s.template.clustermesh.peers.known && s.template.clustermesh.peers.value.some((p) => p.name === ciliumName(s.template))
  for (const list of peerLists(s.existing, (f) => s.ws.disk(f))) {
    const add = (file: string, want: string[], why: string) => {
      const text = s.ws.read(file)
      if (text === undefined) return
      const r = completeList(text, {...list, file}, facts, want)
      if (r.added.length) s.ws.write(file, r.text, `${why}: ${r.added.join(', ')}`)
    }
    add(list.file, [s.to.name], 'clustermesh.config.clusters lists the new cluster')
    const root = s.roots.find((r) => under(list.file, r))
    if (!root) continue
    const copy = copiedPath(list.file, root, s.template.name, s.answers.name)
    add(copy, [...s.existing.map(ciliumName), ...(listsItself ? [s.to.name] : [])], `${s.answers.name}'s peers`)
  }
}

function updateKustomizations(s: S): void {
  const others = s.existing.filter((c) => c !== s.template).map((c) => c.name)
  for (const file of (s.loaded.repo.files?.all ?? []).filter((f) => isKustomizationFile(f) && !s.roots.some((r) => under(f, r)))) {
    const text = s.ws.read(file)
    if (text === undefined) continue
    const r = addKustomizationRefs(file, text, {template: s.template.name, target: s.answers.name, roots: s.roots, others})
    if (r.added.length) s.ws.write(file, r.text, `lists ${r.added.join(', ')} next to the other clusters' own`)
  }
}

/** Plans the new cluster's files in the Argo CD conventions of the template; writes into `ws`. */
export function planArgo(input: ArgoPlanInput): ArgoPlanResult {
  const rendered = input.loaded.repo.clusters.find((c) => c.name === input.template.name)!
  const s: S = {...input, rendered, roots: argoRoots(input), out: {review: [], sopsCopies: [], conventions: []}}
  copyRoots(s)
  addListElement(s)
  addSharedClusterSecret(s)
  updatePeers(s)
  updateKustomizations(s)
  return s.out
}
