import {Args, Command} from '@oclif/core'
import {SCRIPTS, SHELLS} from '../lib/completion/scripts.js'

export default class Completion extends Command {
  static summary = 'Print a shell completion script (bash, zsh, fish), or the kubectl_complete-mesh helper for `kubectl mesh <TAB>`.'
  static description = `Completes commands, flags, output formats, severities, check ids and kube contexts.

kubectl-mesh on its own:  source <(kubectl-mesh completion bash)   (or zsh; fish: kubectl-mesh completion fish | source)
kubectl mesh (1.26+):     kubectl runs kubectl_complete-mesh from PATH; the release ships it next to the binary,
                          or write it with: kubectl mesh completion kubectl > DIR_ON_PATH/kubectl_complete-mesh && chmod +x DIR_ON_PATH/kubectl_complete-mesh`
  static examples = [
    'source <(<%= config.bin %> completion bash)',
    '<%= config.bin %> completion zsh > "${fpath[1]}/_kubectl-mesh"',
    '<%= config.bin %> completion kubectl > ~/.krew/bin/kubectl_complete-mesh && chmod +x ~/.krew/bin/kubectl_complete-mesh',
  ]
  static args = {shell: Args.string({required: true, options: [...SHELLS], description: 'bash, zsh, fish, or kubectl (the kubectl_complete-mesh helper)'})}

  async run(): Promise<void> {
    const {args} = await this.parse(Completion)
    process.stdout.write(SCRIPTS[args.shell as keyof typeof SCRIPTS])
  }
}
