import {Args, Command} from '@oclif/core'
import {SCRIPTS, SHELLS} from '../lib/completion/scripts.js'

export default class Completion extends Command {
  static summary = 'Print a shell completion script (bash, zsh, fish), or the kubectl_complete-mesh helper for `kubectl mesh <TAB>`.'
  static description = `Completes commands, flags, output formats, severities, check ids and kube contexts.

For \`kubectl mesh <TAB>\` (kubectl 1.26+), kubectl runs kubectl_complete-mesh from your PATH. The release tarball ships it next to the binary; \`completion kubectl\` prints it, for installs that do not link it (krew).

For kubectl-mesh typed on its own, load the script of your shell (see the examples).`
  static examples = [
    {
      description: 'Complete `kubectl mesh` when the plugin was installed with krew:',
      command: '<%= config.bin %> completion kubectl > ~/.krew/bin/kubectl_complete-mesh && chmod +x ~/.krew/bin/kubectl_complete-mesh',
    },
    {description: 'Complete kubectl-mesh in bash (add it to ~/.bashrc):', command: 'source <(kubectl-mesh completion bash)'},
    {description: 'In zsh, as a completion function on $fpath:', command: 'kubectl-mesh completion zsh > "${fpath[1]}/_kubectl-mesh"'},
    {description: 'In fish:', command: 'kubectl-mesh completion fish | source'},
  ]
  static args = {shell: Args.string({required: true, options: [...SHELLS], description: 'the shell; kubectl prints the kubectl_complete-mesh helper'})}

  async run(): Promise<void> {
    const {args} = await this.parse(Completion)
    process.stdout.write(SCRIPTS[args.shell as keyof typeof SCRIPTS])
  }
}
