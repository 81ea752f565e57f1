// oclif's explicit command strategy: one map, so the bundled binary needs no file discovery.
import Checks from './commands/checks.js'
import Explain from './commands/explain.js'
import Lint from './commands/lint.js'

export const COMMANDS = {
  checks: Checks,
  explain: Explain,
  lint: Lint,
}
