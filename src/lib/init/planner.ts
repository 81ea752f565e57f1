// The planner: the loaded repository and the answers in, the file changes that add the new cluster out.
// It reads files (through the workspace) but writes nothing: the applier does that.
import {UsageError} from '../cli/errors.js'
import type {LoadedRepository} from '../lint/load.js'
import type {MeshCluster} from '../mesh/types.js'
import {isArgoCluster, planArgo} from './argocd-plan.js'
import {copyTemplateFile} from './copy-file.js'
import {type ClusterFacts, factsOf} from './facts.js'
import {followUps} from './follow-ups.js'
import {copiedPath, filesUnder, filesUsedBy, perClusterRoots} from './paths.js'
import {completeList, peerLists} from './peers.js'
import {addDeclaredCluster, addKustomizationRefs, isKustomizationFile} from './refs.js'
import {rolesOf} from './roles.js'
import {addPeerMembers, familiesOf, settingsFileOf, settingsMap} from './settings.js'
import {chooseTemplate, newFacts} from './template.js'
import type {Answers, Plan} from './types.js'
import {Workspace} from './workspace.js'
import {YamlEditError, YamlText} from './yaml-text.js'

export interface PlanInput {
  loaded: LoadedRepository
  answers: Answers
  /** The repository argument as the user gave it (for the commands printed at the end). */
  repoArg: string
  context?: string
}

interface State {
  ws: Workspace
  template: MeshCluster
  existing: MeshCluster[]
  roots: string[]
  from: ClusterFacts
  to: ClusterFacts
  answers: Answers
  review: string[]
  sopsCopies: string[]
}

const ciliumName = (c: MeshCluster) => (c.clusterName.known ? String(c.clusterName.value) : c.name)

function copyRoots(s: State, loaded: LoadedRepository): void {
  const {ws, template, answers} = s
  const settingsFile = settingsFileOf(template)
  const variable = template.clusterName.variable?.name ?? template.clusterId.variable?.name
  const pairs = s.roots.flatMap((root) => filesUnder(ws.fs, root).map((file) => ({file, to: copiedPath(file, root, template.name, answers.name)})))
  if (!settingsFile || !pairs.some((p) => p.file === settingsFile)) {
    throw new UsageError(`${template.name}'s settings (${settingsFile ?? 'not found'}) are not in a directory of its own, so init cannot copy them for ${answers.name}`)
  }
  pairs.forEach((p) => ws.reserve(p.to))
  const rendered = loaded.repo.clusters.find((c) => c.name === template.name)
  const settingsInput = {
    template, existing: s.existing, roles: rolesOf(template, rendered), from: s.from, to: s.to, answers,
    families: familiesOf(s.existing), used: new Set([answers.lbIP]), moved: new Map<string, string>(),
  }
  for (const p of pairs) {
    const settings = p.file === settingsFile && variable ? {settings: {variable, input: settingsInput}} : {}
    copyTemplateFile(ws, p, {template, from: s.from, to: s.to, answers, exists: (x: string) => ws.exists(x), ...settings}, s)
  }
}

function updateExistingSettings(s: State): void {
  const families = familiesOf(s.existing)
  for (const c of s.existing) {
    const file = settingsFileOf(c)
    const variable = c.clusterName.variable?.name ?? c.clusterId.variable?.name
    const text = file && s.ws.read(file)
    if (!file || !variable || text === undefined) continue
    const t = new YamlText(file, text)
    const map = settingsMap(t, variable)
    if (!map) continue
    const added = addPeerMembers(t, map, c, s.existing, families, s.to)
    if (added.length) s.ws.write(file, t.result(), `${c.name} learns about ${s.to.name}: ${added.join(', ')}`)
  }
}

function updatePeerLists(s: State): void {
  const facts = new Map<string, ClusterFacts>(s.existing.map((c) => [ciliumName(c), {...factsOf(c), name: ciliumName(c)}]))
  facts.set(s.to.name, s.to)
  for (const list of peerLists(s.existing, (f) => s.ws.disk(f))) {
    const add = (file: string, want: string[], why: string, drop?: string) => {
      const text = s.ws.read(file)
      if (text === undefined) return
      const r = completeList(text, {...list, file}, facts, want, drop)
      if (r.added.length || r.removed) s.ws.write(file, r.text, `${why}: ${r.added.join(', ')}`)
    }
    add(list.file, [s.to.name], 'clustermesh.config.clusters lists the new cluster')
    const root = s.roots.find((r) => list.file === r || list.file.startsWith(`${r}/`))
    if (!root) continue
    // The template's own list, copied: it names its peers (the new cluster among them on a second run), not itself.
    const listsItself = s.template.clustermesh.peers.known && s.template.clustermesh.peers.value.some((p) => p.name === ciliumName(s.template))
    const copy = copiedPath(list.file, root, s.template.name, s.answers.name)
    add(copy, s.existing.map(ciliumName), `${s.answers.name}'s peers`, listsItself ? undefined : s.answers.name)
  }
}

function updateRefs(s: State, loaded: LoadedRepository): void {
  const others = s.existing.filter((c) => c !== s.template).map((c) => c.name)
  const inRoots = (f: string) => s.roots.some((r) => f === r || f.startsWith(`${r}/`))
  for (const file of (loaded.repo.files?.all ?? []).filter((f) => isKustomizationFile(f) && !inRoots(f))) {
    const text = s.ws.read(file)
    if (text === undefined) continue
    const r = addKustomizationRefs(file, text, {template: s.template.name, target: s.answers.name, roots: s.roots, others})
    if (r.added.length) s.ws.write(file, r.text, `lists ${r.added.join(', ')} next to the other clusters' own`)
  }
  const config = s.ws.read('.kubectl-mesh.yaml')
  if (config === undefined) return
  const entry = copiedPath(s.template.entry, s.template.entry, s.template.name, s.answers.name)
  const r = addDeclaredCluster('.kubectl-mesh.yaml', config, s.template.name, s.answers.name, entry)
  if (r.added) s.ws.write('.kubectl-mesh.yaml', r.text, `declares cluster ${s.answers.name}`)
}

/** The repository's clusters without the one being added (a second run finds it already there). */
export function existingClusters(loaded: LoadedRepository, name: string | undefined): MeshCluster[] {
  return loaded.model.clusters.filter((c) => !name || (c.name !== name && ciliumName(c) !== name))
}

export function planInit(input: PlanInput): Plan {
  const {loaded, answers} = input
  const existing = existingClusters(loaded, answers.name)
  const template = chooseTemplate(existing, answers)
  const used = new Map(loaded.repo.clusters.map((c) => [c.name, filesUsedBy(c)]))
  const usage = (c: MeshCluster) => ({name: c.name, used: used.get(c.name) ?? new Set<string>()})
  const ws = new Workspace(loaded.repo.root)
  if (isArgoCluster(template)) return planArgoInit(input, template, existing, ws)
  const roots = perClusterRoots(usage(template), existing.filter((c) => c !== template).map(usage), (p) => ws.exists(p))
  if (!roots.includes(template.entry)) roots.unshift(template.entry)
  const s: State = {
    ws, template, existing, roots, from: factsOf(template), to: newFacts(template, answers),
    answers, review: [], sopsCopies: [],
  }
  try {
    copyRoots(s, loaded)
    updateExistingSettings(s)
    updatePeerLists(s)
    updateRefs(s, loaded)
  } catch (error) {
    if (error instanceof YamlEditError) throw new UsageError(`cannot plan the changes: ${error.message}`)
    throw error
  }
  const entry = copiedPath(template.entry, template.entry, template.name, answers.name)
  return {
    answers,
    template: template.name,
    changes: s.ws.changes(),
    review: [...new Set(s.review)].sort(),
    followUps: followUps({
      template, rendered: loaded.repo.clusters.find((c) => c.name === template.name), existing, to: s.to, entry,
      repoArg: input.repoArg, ...(input.context ? {context: input.context} : {}), sopsCopies: s.sopsCopies,
    }),
  }
}

/** An Argo CD repository: the new cluster in the conventions of its Applications and ApplicationSets (argocd-plan.ts). */
function planArgoInit(input: PlanInput, template: MeshCluster, existing: MeshCluster[], ws: Workspace): Plan {
  const {loaded, answers} = input
  const from = factsOf(template)
  const to = newFacts(template, answers)
  let r: ReturnType<typeof planArgo>
  try {
    r = planArgo({loaded, answers, template, existing, ws, from, to})
  } catch (error) {
    if (error instanceof YamlEditError) throw new UsageError(`cannot plan the changes: ${error.message}`)
    throw error
  }
  return {
    answers,
    template: template.name,
    changes: ws.changes(),
    review: [...new Set(r.review)].sort(),
    followUps: followUps({
      template, rendered: loaded.repo.clusters.find((c) => c.name === template.name), existing, to, entry: template.entry,
      repoArg: input.repoArg, ...(input.context ? {context: input.context} : {}), sopsCopies: r.sopsCopies,
    }),
  }
}
