import {Command} from '@oclif/core'
import {CONFIG_SCHEMA} from '../../lib/gitops/config-schema.js'

export default class ConfigSchema extends Command {
  static summary = 'Print the JSON Schema of .kubectl-mesh.yaml (declared clusters and suppressions).'
  static description =
    'The same schema as docs/config.schema.json. Point your editor at it, for example with the yaml-language-server comment\n' +
    '# yaml-language-server: $schema=<path or URL of config.schema.json>\nat the top of .kubectl-mesh.yaml.'
  static examples = ['<%= config.bin %> config schema > .kubectl-mesh.schema.json']

  async run(): Promise<void> {
    await this.parse(ConfigSchema)
    this.log(JSON.stringify(CONFIG_SCHEMA, null, 2))
  }
}
