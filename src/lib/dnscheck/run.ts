// dns-check: repository model and/or live contexts -> the name of every cluster's clustermesh-apiserver ->
// DNS answers -> CM601–CM605 -> findings, results, clusters[] and the answers table.
import type {Selection} from '../checks/registry.js'
import {runChecks} from '../checks/engine.js'
import {DNS_CHECKS} from '../checks/dns/index.js'
import type {Gathered} from '../cli/report-command.js'
import type {Progress} from '../cli/progress.js'
import type {ClusterClient} from '../kube/index.js'
import type {LoadedRepository} from '../lint/load.js'
import {renderResults} from '../lint/render-results.js'
import {clusterSummaries} from '../mesh/summary.js'
import type {MeshModel} from '../mesh/types.js'
import {withContexts} from '../live/names.js'
import {readLive} from './live.js'
import {lookupName} from './lookup.js'
import {clustersOf, notesOf} from './summary.js'
import {buildTargets} from './targets.js'
import type {DnsCheckModel} from './types.js'

export interface DnsCheckOptions {
  /** The rendered repository and its mesh model (loadRepository), for --repo. */
  repository?: LoadedRepository
  /** One client per selected context; none for a repository-only run. */
  clients: readonly ClusterClient[]
  /** -n: where Cilium runs; default: where the repository installs it, then kube-system. */
  namespace?: string
  /** --name CLUSTER=FQDN */
  names: ReadonlyMap<string, string>
  /** --resolver ip[:port]; absent: the system resolver. */
  resolver?: string
  dnsTimeoutMs: number
  selection: Selection
  progress?: Progress
}

/** Namespaces Cilium may live in: where the repository installs it, then the chart's usual one. */
const ciliumNamespaces = (model?: MeshModel) => [
  ...new Set([...(model?.clusters.flatMap((c) => (c.cilium ? [c.cilium.namespace] : [])) ?? []), 'kube-system']),
]

export async function gatherDnsModel(options: Omit<DnsCheckOptions, 'selection'>): Promise<DnsCheckModel> {
  const model = options.repository?.model
  if (options.clients.length) await options.progress?.update(`reading ${options.clients.map((c) => c.context).join(', ')}…`)
  const namespaces = options.namespace ? [options.namespace] : ciliumNamespaces(model)
  const live = await Promise.all(options.clients.map((c) => readLive(c, namespaces)))
  const targets = buildTargets({model, live, names: options.names})
  await options.progress?.update(`resolving ${targets.length} name${targets.length === 1 ? '' : 's'}…`)
  const resolved = await Promise.all(
    targets.map(async (t) => (t.pick.ok ? {...t, lookup: await lookupName(t.pick.choice.name, options.resolver, options.dnsTimeoutMs)} : t)),
  )
  return {...(options.resolver ? {resolver: options.resolver} : {}), targets: resolved}
}

export async function runDnsCheck(options: DnsCheckOptions): Promise<Gathered> {
  const dns = await gatherDnsModel(options)
  // CM301 only means something when contexts were asked for.
  const checks = options.clients.length ? DNS_CHECKS : DNS_CHECKS.filter((c) => c.id !== 'CM301')
  const checked = await runChecks(checks, dns, options.selection)
  // Findings about a cluster read through a context say which context (src/lib/live/names.ts).
  const findings = withContexts(checked.findings, new Map(dns.targets.flatMap((t) => (t.context ? [[t.cluster, t.context] as const] : []))))
  const results = checked.results
  const repo = options.repository
  // Repository input problems (CM0xx) explain skipped DNS checks; GitOps wiring (CM1xx) is lint's business.
  const input = repo ? await renderResults(repo.repo.findings.filter((f) => f.id.startsWith('CM0')), options.selection) : {findings: [], results: []}
  return {
    findings: [...input.findings, ...findings],
    results: [...input.results, ...results],
    clusters: clustersOf(dns, repo ? clusterSummaries(repo.model) : []),
    notes: notesOf(dns),
    ...(repo ? {root: repo.repo.root} : {}),
    // A context that could not be read leaves the run incomplete even when --only/--skip leave CM301 out.
    ...(dns.targets.some((t) => t.live && !t.live.ok && t.live.incomplete) ? {incomplete: true} : {}),
  }
}
