// The binary answers --help, --version, completion, `checks` and `explain` from its small start-up bundle, which
// holds no other command code. That is only safe while the choice agrees with oclif's own rules for not loading a
// command, apart from the two catalogue commands the bundle carries.
import {strict as assert} from 'node:assert'
import {Config} from '@oclif/core'
import {helpAddition, versionAddition} from '@oclif/core/run'
import {STARTUP_COMMANDS, startupCanAnswer} from '../../scripts/sea/wrapper.mjs'
import {REPO_ROOT} from '../env/binaries.js'

const LINES = [
  [],
  ['--help'],
  ['--version'],
  ['lint', '--help'],
  ['lint', '.', '--help', '-o', 'json'],
  ['lint', '--', '--help'],
  ['--version', 'lint'],
  ['lint', '--version'],
  ['lint'],
  ['checks', '-o', 'json'],
  ['explain', 'CM203'],
  ['no-such-command'],
  ['-h'],
  ['help'],
  ['__complete', 'lint', '--o'],
]

describe('standalone binary: start-up or full bundle', () => {
  let config: Config
  before(async () => {
    config = await Config.load(REPO_ROOT)
  })

  it('picks the start-up bundle exactly when oclif would answer without loading a command, or runs checks/explain', () => {
    for (const argv of LINES) {
      const oclifAnswersAlone = argv[0] === '__complete' || helpAddition(argv, config) || versionAddition(argv, config)
      const carried = STARTUP_COMMANDS.includes(argv[0] ?? '')
      assert.equal(startupCanAnswer(argv, false), oclifAnswersAlone || carried, `kubectl mesh ${argv.join(' ')}`)
    }
  })

  it('sends help to the full bundle when a command has dynamic help (oclif then loads the command)', () => {
    assert.equal(startupCanAnswer(['lint', '--help'], true), false)
    assert.equal(startupCanAnswer(['--version'], true), true)
  })
})
