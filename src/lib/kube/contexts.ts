// Which contexts a run talks to: --context (repeatable, comma-separated), --all-contexts, else current-context.
import {UsageError} from '../cli/errors.js'
import type {MergedKubeconfig} from './kubeconfig-merge.js'

export interface ContextSelection {
  context?: string[]
  allContexts?: boolean
}

export function splitContextFlags(values: string[] = []): string[] {
  const names = values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '')
  return [...new Set(names)]
}

export function selectContexts(config: MergedKubeconfig, {context, allContexts}: ContextSelection): string[] {
  const known = config.contexts.map((c) => c.name)
  const list = () => (known.length > 0 ? known.join(', ') : 'none')
  const requested = splitContextFlags(context)

  if (allContexts) {
    if (requested.length > 0) throw new UsageError('--context and --all-contexts cannot be used together')
    if (known.length === 0) throw new UsageError(`--all-contexts: the kubeconfig has no contexts (${config.files.join(', ')})`)
    return known
  }
  if (requested.length > 0) {
    const unknown = requested.filter((name) => !known.includes(name))
    if (unknown.length > 0) {
      const what = unknown.map((n) => `"${n}"`).join(', ')
      throw new UsageError(`--context: unknown context ${what}; the kubeconfig has: ${list()}`)
    }
    return requested
  }
  if (!config.currentContext) {
    throw new UsageError(`no current-context in the kubeconfig; pass --context NAME or --all-contexts (contexts: ${list()})`)
  }
  if (!known.includes(config.currentContext)) {
    throw new UsageError(
      `current-context "${config.currentContext}" (${config.currentContextFrom}) is not a context of the kubeconfig; contexts: ${list()}`,
    )
  }
  return [config.currentContext]
}
