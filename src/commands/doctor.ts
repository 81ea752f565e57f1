import {Flags} from '@oclif/core'
import {ReportCommand, type Gathered, type RunContext} from '../lib/cli/report-command.js'
import {kubeFlags} from '../lib/cli/report-flags.js'
import {loadRepoModel} from '../lib/doctor/repo-source.js'
import {runDoctor} from '../lib/doctor/run.js'
import {DEFAULT_WAIT, normalizeWaitFlag, waitMs} from '../lib/doctor/wait-flag.js'
import {kubeOptionsFromFlags, openClusters} from '../lib/kube/index.js'

export default class Doctor extends ReportCommand<typeof Doctor> {
  static id = 'doctor'
  static summary = 'Check the live ClusterMesh of one or more contexts: Cilium, the clustermesh-apiserver, mesh Secrets, certificates, and the agents\' own view.'
  static description =
    'Reads what `cilium clustermesh status` reads, in every selected context at once, and keeps going past missing objects. ' +
    'A context that cannot be reached or read makes the run incomplete (CM301, exit 3) without holding up the others. ' +
    'With two or more contexts it also compares the clusters (CM4xx). docs/rbac.yaml is the read access it needs.'
  static examples = [
    '<%= config.bin %> doctor --context infra,apps',
    '<%= config.bin %> doctor --all-contexts --repo ./k8s-gitops -o short',
    '<%= config.bin %> doctor --all-contexts --wait=10m',
  ]
  static flags = {
    ...kubeFlags,
    namespace: Flags.string({char: 'n', default: 'kube-system', summary: 'Namespace Cilium runs in.'}),
    repo: Flags.string({summary: 'Also compare with this Flux repository (identity CM304, addresses CM307).', helpValue: 'DIR'}),
    wait: Flags.string({
      summary: `Re-check until every expected peer is connected from every cluster, or DURATION (bare --wait: ${DEFAULT_WAIT}) has passed; then report.`,
      description: 'While waiting, "Not ready: <reason>" goes to stderr. At the deadline the last report is printed with its own exit code: 1 when a peer is still not connected, 3 when a cluster could not be read.',
      helpValue: 'DURATION',
    }),
  }

  public async init(): Promise<void> {
    this.argv = normalizeWaitFlag(this.argv)
    await super.init()
  }

  protected async gather(ctx: RunContext): Promise<Gathered> {
    const f = this.flags
    const wait = waitMs(f.wait)
    const clients = await openClusters(kubeOptionsFromFlags(f))
    const repo = f.repo ? await loadRepoModel(f.repo) : undefined
    const gathered = await runDoctor(clients, {
      namespace: f.namespace,
      selection: ctx.selection,
      ...(repo ? {repo: repo.model} : {}),
      ...(wait === undefined ? {} : {waitMs: wait}),
      onNotReady: (reasons) => {
        ctx.progress.stop()
        process.stderr.write(`Not ready: ${reasons[0]}${reasons.length > 1 ? ` (+${reasons.length - 1} more)` : ''}\n`)
      },
      progress: ctx.progress,
      signal: ctx.signal,
    })
    if (repo)
      gathered.notes = [
        ...(gathered.notes ?? []),
        `compared with the repository ${f.repo} (${repo.model.clusters.length} clusters)${repo.renderProblems ? `; it has ${repo.renderProblems} rendering findings: run kubectl mesh lint ${f.repo}` : ''}`,
      ]
    return gathered
  }
}
