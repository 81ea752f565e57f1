import {Args, Command} from '@oclif/core'
import {getCheck} from '../lib/checks/registry.js'
import {UsageError} from '../lib/cli/errors.js'
import {readCheckPage} from '../lib/docs/pages.js'

export default class Explain extends Command {
  static summary = 'Print the documentation page of a check: what it means, why Cilium cares, how to fix it.'
  static examples = ['<%= config.bin %> explain CM203', '<%= config.bin %> explain duplicate-cluster-id']
  static args = {check: Args.string({required: true, description: 'check id (CM203) or name (duplicate-cluster-id)'})}

  async run(): Promise<void> {
    const {args} = await this.parse(Explain)
    const check = getCheck(args.check)
    if (!check) throw new UsageError(`unknown check "${args.check}" (kubectl mesh checks lists them all)`)
    const page = readCheckPage(check.id, this.config.root)
    if (page) {
      this.log(page.trimEnd())
      return
    }
    // Every check ships a page; this only happens in a broken install.
    this.log(`${check.id} ${check.name} [${check.severity}]\n\nFires when ${check.description}.\n\nFix: ${check.hint}.`)
  }
}
