import {Command, Flags} from '@oclif/core'
import {CATALOGUE} from '../lib/checks/catalogue.js'

export default class Checks extends Command {
  static summary = 'List every check with its id, name, default severity and what makes it fire.'
  static examples = ['<%= config.bin %> checks', '<%= config.bin %> checks --category mesh', '<%= config.bin %> checks -o json']
  static flags = {
    output: Flags.option({char: 'o', options: ['text', 'json'] as const, default: 'text' as const, summary: 'Output format.'})(),
    category: Flags.option({options: ['input', 'gitops', 'mesh', 'live', 'cross-cluster', 'connect', 'dns'] as const, summary: 'Only this category.'})(),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Checks)
    const checks = CATALOGUE.filter((c) => !flags.category || c.category === flags.category)
    if (flags.output === 'json') {
      this.log(JSON.stringify(checks, null, 2))
      return
    }
    const width = Math.max(...checks.map((c) => c.name.length))
    for (const c of checks) {
      this.log(`${c.id}  ${c.name.padEnd(width)}  ${(c.incomplete ? 'incomplete' : c.severity).padEnd(10)}  ${c.description}`)
    }
  }
}
