// oclif's explicit command strategy: one map, so the bundled binary needs no file discovery.
import Complete from './commands/__complete.js'
import Checks from './commands/checks.js'
import Completion from './commands/completion.js'
import ConfigSchema from './commands/config/schema.js'
import ConnectCheck from './commands/connect-check.js'
import DnsCheck from './commands/dns-check.js'
import Doctor from './commands/doctor.js'
import Explain from './commands/explain.js'
import Init from './commands/init.js'
import Lint from './commands/lint.js'

export const COMMANDS = {
  __complete: Complete,
  checks: Checks,
  completion: Completion,
  'config:schema': ConfigSchema,
  'connect-check': ConnectCheck,
  'dns-check': DnsCheck,
  doctor: Doctor,
  explain: Explain,
  init: Init,
  lint: Lint,
}
