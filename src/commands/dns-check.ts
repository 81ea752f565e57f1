import {Flags} from '@oclif/core'
import {parseDuration} from '../lib/cli/duration.js'
import {ReportCommand, type Gathered, type RunContext} from '../lib/cli/report-command.js'
import {kubeFlags} from '../lib/cli/report-flags.js'
import {checkResolver, parseNames} from '../lib/dnscheck/flags.js'
import {runDnsCheck} from '../lib/dnscheck/run.js'
import {kubeOptionsFromFlags, openClusters} from '../lib/kube/index.js'
import {loadRepository} from '../lib/lint/load.js'

export default class DnsCheck extends ReportCommand<typeof DnsCheck> {
  static summary = "Resolve every cluster's clustermesh-apiserver name and compare it with the pinned, live and pooled addresses."
  static description =
    'The name comes from .kubectl-mesh.yaml, a CILIUM_CLUSTERMESH_FQDN-style setting, the address peers use, the Service\'s ' +
    'external-dns hostname annotation, or <cluster>-cilium-apiserver.<SECRET_DOMAIN> (--name overrides). <name>.mesh.cilium.io ' +
    'host aliases are never looked up. With --repo only, no cluster is contacted; with contexts (or no --repo), the live ' +
    'clustermesh-apiserver Services are read as well.'
  static examples = [
    '<%= config.bin %> dns-check --repo ./k8s-gitops',
    '<%= config.bin %> dns-check --repo . --all-contexts --resolver 1.1.1.1',
    '<%= config.bin %> dns-check --context infra --name infra=infra-cilium-apiserver.example.io -o json',
  ]
  static flags = {
    ...kubeFlags,
    namespace: Flags.string({char: 'n', summary: "Namespace Cilium runs in (default: the repository's, then kube-system)."}),
    repo: Flags.string({summary: 'Flux repository to read names, pinned addresses, pools and peers from.', helpValue: 'DIR'}),
    resolver: Flags.string({summary: 'DNS server to ask instead of the system resolver.', helpValue: 'IP[:PORT]'}),
    name: Flags.string({multiple: true, summary: "A cluster's clustermesh-apiserver name (repeatable, comma-separated).", helpValue: 'CLUSTER=FQDN'}),
    'dns-timeout': Flags.string({default: '5s', summary: 'Timeout of each DNS query.', helpValue: 'DURATION'}),
  }

  protected async gather(ctx: RunContext): Promise<Gathered> {
    const f = this.flags
    const names = parseNames(f.name)
    const resolver = checkResolver(f.resolver)
    const dnsTimeoutMs = parseDuration(f['dns-timeout'], 'dns-timeout')
    // A repository alone needs no cluster; contexts are read when asked for, or when there is nothing else.
    const wantsContexts = Boolean(f.context?.length || f['all-contexts'] || !f.repo)
    const clients = wantsContexts ? await openClusters(kubeOptionsFromFlags(f)) : []
    if (f.repo) await ctx.progress.update(`rendering ${f.repo}`)
    const repository = f.repo ? await loadRepository(f.repo) : undefined
    return runDnsCheck({
      ...(repository ? {repository} : {}),
      clients,
      ...(f.namespace ? {namespace: f.namespace} : {}),
      names,
      ...(resolver ? {resolver} : {}),
      dnsTimeoutMs,
      selection: ctx.selection,
      progress: ctx.progress,
    })
  }
}
