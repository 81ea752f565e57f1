// The module scripts/package-sea.mjs generates from src/commands.ts when it bundles src/sea-main.ts:
// the same command ids, each behind its own dynamic import, so a run evaluates only its own command.
declare module 'kubectl-mesh:lazy-commands' {
  import type {Command} from '@oclif/core'
  export const LAZY_COMMANDS: Record<string, () => Promise<Command.Class>>
}
