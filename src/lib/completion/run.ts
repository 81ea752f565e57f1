// `kubectl-mesh __complete WORD... PARTIAL` and `kubectl_complete-mesh WORD... PARTIAL` (what kubectl runs
// for `kubectl mesh <TAB>`): prints Cobra-format candidates. Never fails loudly: a shell is waiting.
import {complete} from './complete.js'
import {Directive, formatCompletion} from './protocol.js'
import {toCommandSpecs, type CachedCommand} from './spec.js'
import {valueSource} from './values.js'

export async function completionAnswer(words: readonly string[], commands: Iterable<CachedCommand>, env = process.env): Promise<string> {
  // Tolerate the Cobra spelling `kubectl_complete-mesh __complete lint --o` as well as kubectl's bare words.
  const args = words[0] === '__complete' ? words.slice(1) : [...words]
  try {
    return formatCompletion(await complete(toCommandSpecs(commands), args.length > 0 ? args : [''], valueSource(env)))
  } catch {
    return formatCompletion({candidates: [], directive: Directive.error})
  }
}
