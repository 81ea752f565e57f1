// Lists that name every cluster's own path: a kustomization.yaml whose resources hold ipam/infra/ks.yaml and
// ipam/apps/ks.yaml gets ipam/<new>/ks.yaml; .kubectl-mesh.yaml's clusters list gets the new cluster.
import {isMap, isScalar, isSeq, type Node, type YAMLSeq} from 'yaml'
import {normaliseRel} from '../gitops/repo/paths.js'
import {copiedPath, renameLast} from './paths.js'
import {renameTokens} from './tokens.js'
import {insertSeqItem, YamlText} from './yaml-text.js'

const KUSTOMIZATION = /(^|\/)(kustomization\.ya?ml|Kustomization)$/
export const isKustomizationFile = (file: string) => KUSTOMIZATION.test(file)

const under = (p: string, root: string) => p === root || p.startsWith(`${root}/`)
const dirOf = (file: string) => (file.includes('/') ? file.slice(0, file.lastIndexOf('/')) : '')

function relative(fromDir: string, to: string): string {
  const a = fromDir ? fromDir.split('/') : []
  const b = to.split('/')
  let i = 0
  while (i < a.length && a[i] === b[i]) i++
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/')
}

export interface RefContext {
  template: string
  target: string
  /** The template's per-cluster roots. */
  roots: string[]
  others: string[]
}

function targetOf(file: string, value: string): string | undefined {
  return normaliseRel(`${dirOf(file)}/${value.replace(/^\.\//, '')}`)
}

/** Adds the new cluster's twin to each resources/components list that already names the template's and another cluster's. */
export function addKustomizationRefs(file: string, text: string, ctx: RefContext): {text: string; added: string[]} {
  let t: YamlText
  try {
    t = new YamlText(file, text)
  } catch {
    return {text, added: []}
  }
  const added: string[] = []
  for (const doc of t.docs)
    for (const field of ['resources', 'components']) {
      const seq = doc.get(field, true)
      if (isSeq(seq)) added.push(...addTwin(t, file, seq, ctx))
    }
  return {text: t.changed ? t.result() : text, added}
}

function addTwin(t: YamlText, file: string, seq: YAMLSeq, ctx: RefContext): string[] {
  const values = seq.items.map((i) => (isScalar(i) ? String(i.value) : ''))
  const targets = values.map((v) => (v ? targetOf(file, v) : undefined))
  for (const root of ctx.roots) {
    const mine = targets.findIndex((p) => p !== undefined && under(p, root))
    if (mine < 0) continue
    const twins = ctx.others.map((o) => renameLast(root, ctx.template, o))
    const last = Math.max(...targets.map((p, i) => (p !== undefined && (under(p, root) || twins.some((w) => under(p, w))) ? i : -1)))
    if (!targets.some((p) => p !== undefined && twins.some((w) => under(p, w)))) continue
    const wanted = relative(dirOf(file), copiedPath(targets[mine]!, root, ctx.template, ctx.target))
    const spelled = values[mine]!.startsWith('./') ? `./${wanted}` : wanted
    if (targets.includes(targetOf(file, spelled))) continue
    const item = seq.items[mine] as Node
    insertSeqItem(t, seq, last, t.text.slice(item.range![0], item.range![1]).replace(values[mine]!, spelled), {raw: true})
    return [spelled]
  }
  return []
}

/** Adds the new cluster to .kubectl-mesh.yaml's clusters list, shaped like the template's entry. */
export function addDeclaredCluster(file: string, text: string, template: string, target: string, entry: string): {text: string; added: boolean} {
  const t = new YamlText(file, text)
  const seq = t.docs[0]?.get('clusters', true)
  if (!isSeq(seq)) return {text, added: false}
  const names = seq.items.map((i) => (isMap(i) ? String((i.get('name', true) as {value?: unknown} | undefined)?.value ?? '') : ''))
  if (names.includes(target)) return {text, added: false}
  const index = names.indexOf(template)
  const item = seq.items[index] as Node | undefined
  if (!item?.range) return {text, added: false}
  const source = t.text.slice(item.range[0], item.range[1]).replace(/\n\s*$/, '')
  const copy = renameTokens(source, template, target)
  if (!copy.includes(entry)) return {text, added: false}
  insertSeqItem(t, seq, seq.items.length - 1, copy, {raw: true})
  return {text: t.result(), added: true}
}
