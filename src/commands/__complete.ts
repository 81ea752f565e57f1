import {Command} from '@oclif/core'
import {completionAnswer} from '../lib/completion/run.js'
import type {CachedCommand} from '../lib/completion/spec.js'

// Cobra-style completion requests from the shell scripts. The standalone binary answers these before
// oclif starts (src/sea-main.ts); this command serves the npm-installed CLI.
export default class Complete extends Command {
  static hidden = true
  static strict = false
  static summary = 'Answer a shell completion request (Cobra __complete protocol).'

  async run(): Promise<void> {
    process.stdout.write(await completionAnswer(this.argv, this.config.commands as unknown as CachedCommand[]))
  }
}
