// The root oclif plugin of the standalone binary, built from data inlined at bundle time instead of a
// package.json, an oclif.manifest.json and a commands file on disk. oclif accepts ready plugins through
// Config.load({plugins}) (Interfaces.Options), so nothing here reaches into oclif's internals.
import type {Command, Interfaces} from '@oclif/core'

/** Loads one command's module; the binary loads only the command that runs. */
export type CommandLoader = (id: string) => Promise<Command.Class | undefined>

export class BundledPlugin implements Interfaces.Plugin {
  readonly _base: string
  readonly alias: string
  readonly name: string
  readonly version: string
  readonly commands: Command.Loadable[]
  readonly commandIDs: string[]
  readonly commandsDir = undefined
  readonly hasManifest = true
  readonly hooks = {}
  readonly isRoot = true
  readonly moduleType = 'commonjs' as const
  readonly topics: Interfaces.Topic[] = []
  readonly type = 'core'
  readonly valid = true
  readonly options: Interfaces.Options
  parent = undefined
  tag = undefined

  /** loadCommand runs only when a command runs: --help and --version never evaluate command modules. */
  constructor(
    readonly pjson: Interfaces.PJSON,
    manifest: Interfaces.Manifest,
    readonly root: string,
    private readonly loadCommand: CommandLoader,
  ) {
    this.name = pjson.name
    this.alias = pjson.name
    this.version = pjson.version
    this._base = `${pjson.name}@${pjson.version}`
    this.options = {root, pjson, isRoot: true}
    this.commandIDs = Object.keys(manifest.commands)
    this.commands = Object.entries(manifest.commands).map(([id, cached]) => ({
      ...cached,
      id,
      pluginAlias: this.alias,
      pluginName: this.name,
      pluginType: this.type,
      load: () => this.findCommand(id),
    }))
  }

  async load(): Promise<void> {}

  // Every id comes from the manifest, which is generated from the same command map.
  async findCommand(id: string): Promise<Command.Class> {
    const command = await this.loadCommand(id)
    if (!command) throw new Error(`command ${id} not found`)
    command.id = id
    return command
  }
}
