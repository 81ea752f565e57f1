// The interactive questions (@inquirer/prompts). They only fill in answers: each default is the suggestion,
// each validator is the one the flags go through, and an answer given as a flag is not asked again.
import {confirm, input, select} from '@inquirer/prompts'
import type {MeshCluster} from '../mesh/types.js'
import {type Given, otherSecretPaths, usesSecretPath} from './answers.js'
import {disagreements} from './live-facts.js'
import {type LiveFacts, poolsAsCidr, suggestCidrs, suggestId, suggestLbIp, suggestPool, suggestSecretPath} from './suggest.js'
import {chooseTemplate} from './template.js'
import type {Answers} from './types.js'
import {type Mesh, parseId, poolFitsStyle, splitList, validateCidrs, validateId, validateLbIp, validateName, validatePool, validateSecretPath} from './validate.js'

export interface PromptContext {
  mesh: Mesh
  given: Given
  signal: AbortSignal
  /** Contexts of the kubeconfig, to offer reading the new cluster's facts from one (empty: not asked). */
  contexts: string[]
  /** Reads the facts of one context (undefined when it cannot be read; the reason is printed by the caller). */
  readLive(context: string): Promise<LiveFacts | undefined>
}

const NONE = '(none: do not read a cluster)'

async function ask(message: string, given: string | undefined, fallback: string | undefined, check: (v: string) => string | undefined, signal: AbortSignal): Promise<string> {
  if (given !== undefined && !check(given)) return given
  const value = await input(
    {message, ...(fallback ? {default: fallback} : {}), validate: (v) => check(v.trim()) ?? true},
    {signal},
  )
  return value.trim()
}

async function liveFacts(ctx: PromptContext): Promise<{facts?: LiveFacts; context?: string}> {
  if (ctx.contexts.length === 0) return {}
  const choice = await select(
    {message: 'Read the new cluster\'s facts (name, id, CIDRs) from a kube context?', choices: [NONE, ...ctx.contexts].map((c) => ({name: c, value: c}))},
    {signal: ctx.signal},
  )
  if (choice === NONE) return {}
  const facts = await ctx.readLive(choice)
  return {context: choice, ...(facts ? {facts} : {})}
}

/** Asks for every answer not given as a flag; returns the answers and the chosen context. */
export async function promptAnswers(ctx: PromptContext, live?: LiveFacts): Promise<{answers: Answers; context?: string}> {
  const {mesh, given, signal} = ctx
  const picked = live ? {facts: live, context: live.context} : await liveFacts(ctx)
  const facts = picked.facts
  const a: Partial<Answers> = {}
  const agree = (x: Partial<Answers>) => (facts ? disagreements(facts, x)[0] : undefined)
  a.name = await ask('Cluster name', given.name, facts?.clusterName, (v) => validateName(v, mesh) ?? agree({name: v}), signal)
  a.id = parseId(await ask('Cluster id', given.id, suggestId(mesh, facts)?.toString(), (v) => validateId(parseId(v), mesh) ?? agree({id: parseId(v)}), signal))
  a.podCIDRs = splitList(await ask('PodCIDR', given.podCIDR, suggestCidrs('pod', mesh, a, facts)?.join(','), (v) => validateCidrs(splitList(v), 'pod', mesh, a) ?? agree({podCIDRs: splitList(v)}), signal))
  a.serviceCIDRs = splitList(
    await ask('ServiceCIDR', given.serviceCIDR, suggestCidrs('service', mesh, a, facts)?.join(','), (v) => validateCidrs(splitList(v), 'service', mesh, a) ?? agree({serviceCIDRs: splitList(v)}), signal),
  )
  const asCidr = poolsAsCidr(mesh.clusters)
  a.lbPool = await ask('LB IPAM pool (START-END or CIDR)', given.lbPool, suggestPool(mesh, a), (v) => validatePool(v, mesh, a) ?? poolFitsStyle(v, asCidr), signal)
  const template: MeshCluster = chooseTemplate(mesh.clusters, {id: a.id!, ...(given.like ? {like: given.like} : {})})
  a.lbIP = await ask('clustermesh-apiserver address (inside the pool)', given.lbIP, suggestLbIp(mesh, template, a), (v) => validateLbIp(v, mesh, a), signal)
  if (usesSecretPath(mesh.clusters))
    a.secretPath = await ask('Secret-store path of the mesh Secret', given.secretPath, suggestSecretPath(template, a.name), (v) => validateSecretPath(v, otherSecretPaths(mesh.clusters)), signal)
  if (given.like) a.like = given.like
  return {answers: a as Answers, ...(picked.context ? {context: picked.context} : {})}
}

export async function confirmWrite(count: number, signal: AbortSignal): Promise<boolean> {
  return confirm({message: `Write these changes (${count} file${count === 1 ? '' : 's'})?`, default: false}, {signal})
}
