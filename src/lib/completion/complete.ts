// Completes one command line the way Cobra does for `__complete`: the words typed so far plus the word
// under the cursor ("" for a new word) -> candidates and a directive. Values come from a ValueSource.
import type {CachedArg, CommandSpec, FlagSpec} from './spec.js'
import {Directive, matching, nothing, type Candidate, type Completion} from './protocol.js'

/** Flags seen so far, by name, with the values given (used e.g. to honour --kubeconfig). */
export type GivenFlags = ReadonlyMap<string, readonly string[]>

export interface ValueSource {
  flag(flag: FlagSpec, partial: string, given: GivenFlags): Promise<Completion>
  arg(arg: CachedArg, partial: string, given: GivenFlags): Promise<Completion>
}

const startsWithWords = (words: string[], prefix: string[]) => prefix.every((w, i) => words[i] === w)
const sameWords = (a: string[], b: string[]) => a.length === b.length && startsWithWords(a, b)

/** Longest run of leading words that names a command; the rest are its flags and arguments. */
function findCommand(specs: CommandSpec[], words: string[]): {typed: string[]; command?: CommandSpec; rest: string[]} {
  const typed: string[] = []
  let command: CommandSpec | undefined
  let used = 0
  for (const word of words) {
    if (word.startsWith('-')) break
    const next = [...typed, word]
    if (!specs.some((s) => startsWithWords(s.words, next))) break
    typed.push(word)
    const exact = specs.find((s) => sameWords(s.words, typed))
    if (exact) {
      command = exact
      used = typed.length
    }
  }
  return {typed, command, rest: words.slice(command ? used : typed.length)}
}

function commandWords(specs: CommandSpec[], typed: string[], partial: string): Completion {
  const seen = new Map<string, Candidate>()
  for (const s of specs) {
    if (s.hidden || s.words.length <= typed.length || !startsWithWords(s.words, typed)) continue
    const word = s.words[typed.length]
    const isCommand = s.words.length === typed.length + 1
    if (!seen.has(word) || isCommand) seen.set(word, {value: word, description: isCommand ? s.summary : 'topic'})
  }
  return matching([...seen.values()], partial)
}

interface Parsed {
  given: Map<string, string[]>
  positional: number
  /** A flag whose value is the word being completed (`--output <TAB>`). */
  pending?: FlagSpec
  afterDashDash: boolean
}

function parseRest(command: CommandSpec, rest: string[]): Parsed {
  const byName = new Map(command.flags.map((f) => [f.name, f]))
  const byChar = new Map(command.flags.filter((f) => f.char).map((f) => [f.char!, f]))
  const parsed: Parsed = {given: new Map(), positional: 0, afterDashDash: false}
  const give = (f: FlagSpec, value: string) => parsed.given.set(f.name, [...(parsed.given.get(f.name) ?? []), value])
  for (const word of rest) {
    if (parsed.pending) {
      give(parsed.pending, word)
      parsed.pending = undefined
    } else if (parsed.afterDashDash || word === '-' || !word.startsWith('-')) {
      parsed.positional++
    } else if (word === '--') {
      parsed.afterDashDash = true
    } else {
      const long = word.startsWith('--')
      const [name, ...value] = (long ? word.slice(2) : word.slice(1)).split('=')
      const flag = long ? byName.get(name) : byChar.get(name[0])
      if (!flag) continue
      const inline = long ? value.join('=') : word.slice(2).replace(/^=/, '')
      if (!flag.takesValue) give(flag, 'true')
      else if (value.length > 0 || (!long && inline)) give(flag, inline)
      else parsed.pending = flag
    }
  }
  return parsed
}

function flagNames(command: CommandSpec, given: GivenFlags, partial: string): Completion {
  const candidates = command.flags
    .filter((f) => f.multiple || !given.has(f.name))
    .map((f) => ({value: `--${f.name}`, description: f.summary}))
  return matching(candidates, partial)
}

export async function complete(specs: CommandSpec[], words: readonly string[], values: ValueSource): Promise<Completion> {
  const typedWords = words.slice(0, -1)
  const partial = words.at(-1) ?? ''
  const {typed, command, rest} = findCommand(specs, typedWords)
  if (!command) {
    if (rest.length > 0) return nothing
    if (partial.startsWith('-')) return matching([{value: '--help', description: 'Show help.'}, {value: '--version', description: 'Show the version.'}], partial)
    return commandWords(specs, typed, partial)
  }
  const parsed = parseRest(command, rest)
  if (parsed.pending) return values.flag(parsed.pending, partial, parsed.given)
  if (!parsed.afterDashDash && partial.startsWith('--') && partial.includes('=')) {
    const flag = command.flags.find((f) => f.name === partial.slice(2, partial.indexOf('=')))
    // Bare values: the shells replace only the part after "=".
    return flag?.takesValue ? values.flag(flag, partial.slice(partial.indexOf('=') + 1), parsed.given) : nothing
  }
  if (!parsed.afterDashDash && partial.startsWith('-')) return flagNames(command, parsed.given, partial)
  const arg = command.args[parsed.positional]
  if (arg) return values.arg(arg, partial, parsed.given)
  // Sub-commands of a topic that is also a command (`a` and `a b`).
  const deeper = commandWords(specs, typed, partial)
  return deeper.candidates.length > 0 && rest.length === 0 ? deeper : {candidates: [], directive: Directive.noFileComp}
}
