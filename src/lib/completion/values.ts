// What each flag and argument completes to: declared options, output formats, check ids and ranges,
// kube contexts, directories. Anything unknown offers nothing rather than misleading file names.
import {homedir} from 'node:os'
import {CATALOGUE} from '../checks/catalogue.js'
import type {CachedArg, FlagSpec} from './spec.js'
import type {GivenFlags, ValueSource} from './complete.js'
import {directories, files, matching, nothing, type Candidate, type Completion} from './protocol.js'

const plain = (values: readonly string[]): Candidate[] => values.map((value) => ({value}))

function checkIds(): Candidate[] {
  return CATALOGUE.map((c) => ({value: c.id, description: c.name}))
}

/** CM2xx-style ranges accepted by --only/--skip, one per hundred that has checks. */
function checkRanges(): Candidate[] {
  const ranges = new Map<string, string>()
  for (const c of CATALOGUE) ranges.set(`${c.id.slice(0, 3)}xx`, c.category)
  return [...ranges].map(([value, category]) => ({value, description: `every ${category} check`}))
}

/** "a,b,pa<TAB>": complete the last item of a comma-separated list, keeping what came before. */
function commaList(candidates: Candidate[], partial: string): Completion {
  const cut = partial.lastIndexOf(',') + 1
  const head = partial.slice(0, cut)
  const chosen = new Set(head.split(',').filter(Boolean))
  const rest = candidates.filter((c) => !chosen.has(c.value)).map((c) => ({...c, value: head + c.value}))
  return matching(rest, partial)
}

/** Context names as kubectl merges kubeconfig files (--kubeconfig, KUBECONFIG, ~/.kube/config); none if unreadable. */
async function contextNames(env: NodeJS.ProcessEnv, kubeconfig: string | undefined): Promise<string[]> {
  const {loadKubeconfig} = await import('../kube/kubeconfig-load.js')
  try {
    return loadKubeconfig({kubeconfig, env, home: env.HOME || homedir()}).contexts.map((c) => c.name)
  } catch {
    return []
  }
}

const PATH_LIKE = /(^|-)(file|path|dir|kubeconfig|out)$/

export function valueSource(env: NodeJS.ProcessEnv = process.env): ValueSource {
  return {
    async flag(flag: FlagSpec, partial: string, given: GivenFlags): Promise<Completion> {
      if (flag.options) return matching(plain(flag.options), partial)
      switch (flag.name) {
        case 'output': {
          // FORMAT=PATH writes a file: after "=" the shell offers paths. (Lazy: outputs.ts loads every renderer.)
          if (partial.includes('=')) return files
          const {FORMATS} = await import('../report/outputs.js')
          return matching(plain(FORMATS), partial)
        }
        case 'only':
        case 'skip':
          return commaList([...checkIds(), ...checkRanges()], partial)
        case 'context':
          return commaList(plain(await contextNames(env, given.get('kubeconfig')?.at(-1))), partial)
        default:
          return PATH_LIKE.test(flag.name) ? files : nothing
      }
    },
    async arg(arg: CachedArg, partial: string): Promise<Completion> {
      if (arg.options?.length) return matching(plain(arg.options), partial)
      if (arg.name === 'check') return matching(checkIds(), partial.toUpperCase().startsWith('CM') ? partial.toUpperCase() : partial)
      if (arg.name === 'dir') return directories
      return files
    },
  }
}
