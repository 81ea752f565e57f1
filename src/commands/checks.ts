import {Command, Flags} from '@oclif/core'
import {CATALOGUE, COMMANDS, type CheckDef} from '../lib/checks/catalogue.js'

/** One check as `checks -o json` lists it: its catalogue entry, with where it runs and what it needs. */
export function checkJson(c: CheckDef) {
  return {
    id: c.id,
    name: c.name,
    severity: c.severity,
    category: c.category,
    commands: c.commands,
    inputs: c.inputs,
    description: c.description,
    hint: c.hint,
    ...(c.incomplete ? {incomplete: true} : {}),
  }
}

export default class Checks extends Command {
  static summary = 'List every check with its id, name, default severity, the commands that report it and what makes it fire.'
  static examples = [
    '<%= config.bin %> checks',
    '<%= config.bin %> checks --category mesh',
    '<%= config.bin %> checks --command doctor -o json',
  ]
  static flags = {
    output: Flags.option({char: 'o', options: ['text', 'json'] as const, default: 'text' as const, summary: 'Output format (json: also the inputs each check needs).'})(),
    category: Flags.option({options: ['input', 'gitops', 'mesh', 'live', 'cross-cluster', 'connect', 'dns'] as const, summary: 'Only this category.'})(),
    command: Flags.option({options: COMMANDS, summary: 'Only the checks this command reports.'})(),
  }

  async run(): Promise<void> {
    const {flags} = await this.parse(Checks)
    const checks = CATALOGUE.filter((c) => (!flags.category || c.category === flags.category) && (!flags.command || c.commands.includes(flags.command)))
    if (flags.output === 'json') {
      this.log(JSON.stringify(checks.map(checkJson), null, 2))
      return
    }
    const width = Math.max(...checks.map((c) => c.name.length))
    const cmdWidth = Math.max(...checks.map((c) => c.commands.join(',').length))
    for (const c of checks) {
      this.log(`${c.id}  ${c.name.padEnd(width)}  ${(c.incomplete ? 'incomplete' : c.severity).padEnd(10)}  ${c.commands.join(',').padEnd(cmdWidth)}  ${c.description}`)
    }
  }
}
