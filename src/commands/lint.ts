import {Args, Flags} from '@oclif/core'
import {lintRepository} from '../lib/lint/run.js'
import {ReportCommand, type Gathered, type RunContext} from '../lib/cli/report-command.js'

export default class Lint extends ReportCommand<typeof Lint> {
  static summary = 'Render every cluster of a Flux repository as Flux would and check GitOps wiring and ClusterMesh, offline.'
  static examples = [
    '<%= config.bin %> lint',
    '<%= config.bin %> lint ./k8s-gitops -o short',
    '<%= config.bin %> lint --only CM2xx -o sarif=mesh.sarif -o text',
  ]
  static args = {dir: Args.string({description: 'repository root (default: the current directory)', default: '.'})}
  static flags = {
    cluster: Flags.string({multiple: true, summary: 'Only report on these clusters (the whole mesh is still rendered).'}),
  }

  protected async gather(ctx: RunContext): Promise<Gathered> {
    return lintRepository(this.args.dir, {selection: ctx.selection, clusters: this.flags.cluster, progress: ctx.progress, signal: ctx.signal})
  }
}
