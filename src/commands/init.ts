import {Flags} from '@oclif/core'
import {ExitWith, UsageError} from '../lib/cli/errors.js'
import {parseDuration} from '../lib/cli/duration.js'
import {ReportCommand, type Gathered, type RunContext} from '../lib/cli/report-command.js'
import {expandSelectors, SelectorError} from '../lib/checks/registry.js'
import type {Given} from '../lib/init/answers.js'
import {gatherCheck} from '../lib/init/check.js'
import {type InitRun, runInit} from '../lib/init/run.js'
import {buildReport, EXIT} from '../lib/report/build.js'
import {detectStyle} from '../lib/report/style.js'
import type {Report} from '../lib/report/types.js'

/** Report flags that mean something only when init makes a report (--check). */
const REPORT_ONLY = ['output', 'fail-on', 'min-severity', 'exit-zero', 'timeout', 'verbose'] as const

export default class Init extends ReportCommand<typeof Init> {
  static id = 'init'
  static summary = 'Add a cluster to the mesh repository, in the shape of the closest existing cluster; lint passes on the result.'
  static description =
    'Learns the repository\'s conventions from its clusters (layout, settings variables, Flux Kustomization names, secret ' +
    'paths, DNS names), suggests free ids, CIDRs and addresses, shows the change as a diff and writes it atomically. On a ' +
    'terminal it asks; otherwise every answer is a flag (suggestions fill the rest) and --yes writes. --yes --dry-run prints ' +
    'the plan and asks and writes nothing (for scripts). --check renders the plan and reports the mesh checks on it ' +
    'without writing; the report flags (-o, --fail-on, --min-severity, --exit-zero, --timeout, -v) apply only with --check.'
  static examples = [
    '<%= config.bin %> init --repo ./k8s-gitops',
    '<%= config.bin %> init --repo . --name edge --yes',
    '<%= config.bin %> init --name edge --id 3 --pod-cidr 10.46.0.0/16 --service-cidr 10.47.0.0/16 --lb-pool 10.25.11.140-10.25.11.159 --dry-run',
    '<%= config.bin %> init --name edge --check -o sarif=init.sarif -o text',
  ]
  static flags = {
    repo: Flags.string({default: '.', summary: 'Repository root.', helpValue: 'DIR'}),
    name: Flags.string({summary: 'Cluster name (Cilium cluster.name and the repository directory).'}),
    id: Flags.string({summary: 'Cluster id (default: the lowest free one).'}),
    'pod-cidr': Flags.string({summary: 'PodCIDR(s), comma-separated (default: the next free block of the usual size).', helpValue: 'CIDR'}),
    'service-cidr': Flags.string({summary: 'ServiceCIDR(s), comma-separated (default: the next free block of the usual size).', helpValue: 'CIDR'}),
    'lb-pool': Flags.string({summary: 'LB IPAM pool of the new cluster (default: the next free one of the usual size).', helpValue: 'START-END|CIDR'}),
    'lb-ip': Flags.string({summary: 'clustermesh-apiserver address, inside the pool (default: at the template\'s offset).', helpValue: 'IP'}),
    'secret-path': Flags.string({summary: 'Secret-store path of the new cluster\'s mesh Secret (default: the repository\'s pattern).', helpValue: 'PATH'}),
    like: Flags.string({summary: 'Copy the shape of this cluster (default: the one whose id is closest).', helpValue: 'CLUSTER'}),
    context: Flags.string({summary: 'Read the new cluster\'s facts (name, id, CIDRs) from this kube context.'}),
    kubeconfig: Flags.string({summary: 'Path to the kubeconfig file (default: KUBECONFIG, then ~/.kube/config).'}),
    namespace: Flags.string({char: 'n', default: 'kube-system', summary: 'Namespace Cilium runs in (for --context).'}),
    'request-timeout': Flags.string({default: '10s', summary: 'Timeout of one request to the cluster.', helpValue: 'DURATION'}),
    yes: Flags.boolean({char: 'y', summary: 'Write without asking.'}),
    'dry-run': Flags.boolean({summary: 'Print the plan and the diff, write nothing (with --yes: ask nothing either).', exclusive: ['check']}),
    check: Flags.boolean({summary: 'Render the plan and run the checks on it, report like lint; write nothing.', exclusive: ['yes']}),
  }

  /** Flags given on the command line (not set from a default): the report flags are refused without --check. */
  private explicit = new Set<string>()

  public async init(): Promise<void> {
    await super.init()
    const {raw} = await this.parse({flags: Init.flags, baseFlags: Init.baseFlags, args: Init.args, strict: Init.strict})
    for (const token of raw) if (token.type === 'flag') this.explicit.add(token.flag)
  }

  /**
   * Only `init --check` ends in a report (report-contract.md); without it init prints a plan or writes files, so the
   * flags that shape a report would be silently ignored: refuse them (exit 2) and say so.
   */
  private refuseReportFlags(): void {
    const given = REPORT_ONLY.filter((f) => this.explicit.has(f))
    if (given.length === 0) return
    const names = given.map((f) => (f === 'output' ? '-o/--output' : f === 'verbose' ? '-v/--verbose' : `--${f}`))
    throw new UsageError(
      `${names.join(', ')} ${given.length === 1 ? 'applies' : 'apply'} only to init --check (which reports like lint); without --check init prints the plan or writes the files and makes no report: add --check, or drop ${given.length === 1 ? 'it' : 'them'}`,
    )
  }

  private given(): Given {
    const f = this.flags
    const pick: [keyof Given, string | undefined][] = [
      ['name', f.name], ['id', f.id], ['podCIDR', f['pod-cidr']], ['serviceCIDR', f['service-cidr']], ['lbPool', f['lb-pool']],
      ['lbIP', f['lb-ip']], ['secretPath', f['secret-path']], ['like', f.like],
    ]
    return Object.fromEntries(pick.filter(([, v]) => v !== undefined)) as Given
  }

  private kube() {
    const f = this.flags
    return {
      ...(f.context ? {context: f.context} : {}),
      ...(f.kubeconfig ? {kubeconfig: f.kubeconfig} : {}),
      namespace: f.namespace,
      requestTimeoutMs: parseDuration(f['request-timeout'], 'request-timeout'),
    }
  }

  protected async gather(ctx: RunContext): Promise<Gathered> {
    return gatherCheck(this.flags.repo, this.given(), this.kube(), ctx)
  }

  private options(signal: AbortSignal): InitRun {
    const f = this.flags
    let selection
    try {
      selection = {...(f.only?.length ? {only: expandSelectors(f.only)} : {}), ...(f.skip?.length ? {skip: expandSelectors(f.skip)} : {})}
    } catch (error) {
      throw error instanceof SelectorError ? new UsageError(error.message) : error
    }
    return {
      repo: f.repo, given: this.given(), yes: f.yes, dryRun: f['dry-run'], kube: this.kube(), signal, selection,
      interactive: Boolean(process.stdin.isTTY && process.stdout.isTTY),
      style: detectStyle({env: process.env, isTTY: Boolean(process.stdout.isTTY), noColorFlag: f['no-color']}),
      out: (text) => process.stdout.write(text), version: this.config.version,
    }
  }

  async run(): Promise<Report> {
    if (this.flags.check) return super.run()
    this.refuseReportFlags()
    const controller = new AbortController()
    const onSigint = () => controller.abort()
    process.on('SIGINT', onSigint)
    try {
      const result = await runInit(this.options(controller.signal))
      if (result.code !== EXIT.ok) throw new ExitWith(result.code)
      return result.report ?? buildReport({command: 'init', version: this.config.version, findings: [], results: [], notes: [result.outcome]}, {failOn: 'error', minSeverity: 'info'})
    } finally {
      process.removeListener('SIGINT', onSigint)
    }
  }
}
