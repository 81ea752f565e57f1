// The command tree as completion sees it, read from oclif's cached command metadata (the manifest
// inlined in the binary, or config.commands in development), so completing never loads a command.

export interface CachedFlag {
  name: string
  char?: string
  type: 'boolean' | 'option'
  multiple?: boolean
  options?: readonly string[]
  summary?: string
  description?: string
  hidden?: boolean
}

export interface CachedArg {
  name: string
  options?: readonly string[]
  description?: string
}

export interface CachedCommand {
  id: string
  hidden?: boolean
  summary?: string
  description?: string
  enableJsonFlag?: boolean
  flags: Record<string, CachedFlag>
  args: Record<string, CachedArg>
}

export interface FlagSpec {
  name: string
  char?: string
  takesValue: boolean
  multiple: boolean
  options?: readonly string[]
  summary: string
}

export interface CommandSpec {
  /** Words as typed: oclif id "a:b" is "a b" with the space topic separator. */
  words: string[]
  summary: string
  hidden: boolean
  flags: FlagSpec[]
  args: CachedArg[]
}

const firstLine = (text: string | undefined) => (text ?? '').split('\n')[0].trim()

export function toCommandSpecs(commands: Iterable<CachedCommand>): CommandSpec[] {
  const specs: CommandSpec[] = []
  for (const c of commands) {
    const flags: FlagSpec[] = Object.values(c.flags)
      .filter((f) => !f.hidden)
      .map((f) => ({
        name: f.name,
        ...(f.char ? {char: f.char} : {}),
        takesValue: f.type === 'option',
        multiple: Boolean(f.multiple),
        ...(f.options?.length ? {options: f.options} : {}),
        summary: firstLine(f.summary ?? f.description),
      }))
    if (c.enableJsonFlag) flags.push({name: 'json', takesValue: false, multiple: false, summary: 'Format output as json.'})
    // oclif answers --help on every command without declaring it (and no -h unless configured).
    flags.push({name: 'help', takesValue: false, multiple: false, summary: 'Show help for this command.'})
    specs.push({
      words: c.id.split(':'),
      summary: firstLine(c.summary ?? c.description),
      hidden: Boolean(c.hidden),
      flags,
      args: Object.values(c.args),
    })
  }
  // Plain code-unit order: localeCompare would load ICU collation, ~8 ms of a completion's start-up.
  const key = (s: CommandSpec) => s.words.join(' ')
  return specs.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0))
}
