// The scripts of `kubectl-mesh completion SHELL`, run by the real shells against the real binary.
// bash: the completion function called as bash's programmable completion would (COMP_WORDS split on
// COMP_WORDBREAKS); zsh: the function with the completion system's _describe/_files recorded; fish:
// `complete -C`, fish's own non-interactive completion query.
import {strict as assert} from 'node:assert'
import fs from 'node:fs'
import path from 'node:path'
import {findBinary} from '../env/binaries.js'
import {installCopy, type Installed, run, visibleCommands} from './standalone.js'

function shellOrSkip(ctx: Mocha.Context, name: string): string {
  const shell = findBinary(name)
  if (shell) return shell
  // scripts/testenv-shells.sh installs both: in CI a missing shell is a set-up failure, not a skip.
  if (process.env.CI) throw new Error(`${name} is not installed: run npm run testenv`)
  console.log(`      skipped: ${name} is not installed`)
  ctx.skip()
}

describe('e2e: completion scripts in real shells', function () {
  this.timeout(120_000)
  let installed: Installed
  let env: NodeJS.ProcessEnv
  const script = (shell: string) => {
    const file = path.join(installed.home, `completion.${shell}`)
    fs.writeFileSync(file, run(installed.binary, ['completion', shell]).stdout)
    return file
  }

  before(() => {
    installed = installCopy()
    env = {PATH: [installed.dir, '/usr/bin', '/bin'].join(path.delimiter), HOME: installed.home}
  })
  after(() => installed?.remove())

  it('bash: commands, flag values after a space and after "=", comma lists, directories', async function () {
    const bash = shellOrSkip(this, 'bash')
    const file = script('bash')
    // Word splitting as bash does it for completion: blanks, plus "=" and ":" as words of their own.
    const probe = `
      source ${JSON.stringify(file)}
      probe() {
        COMP_LINE="$1"; COMP_POINT=\${#COMP_LINE}
        COMP_WORDS=($(printf '%s' "$COMP_LINE" | sed -E 's/([=:])/ \\1 /g'))
        [[ $COMP_LINE == *[[:blank:]] || $COMP_LINE == *= ]] && COMP_WORDS+=("")
        COMP_CWORD=$(( \${#COMP_WORDS[@]} - 1 )); COMPREPLY=()
        _kubectl_mesh_complete
        echo "\${COMPREPLY[*]}"
      }
      probe "kubectl-mesh "
      probe "kubectl-mesh lint --fail-on "
      probe "kubectl-mesh lint --output=j"
      probe "kubectl-mesh lint --only CM203,CM20"
      probe "kubectl-mesh lint /us"
      complete -p kubectl-mesh`
    const {status, stdout, stderr} = run(bash, ['--norc', '--noprofile', '-c', probe], {env})
    assert.equal(status, 0, stderr)
    const lines = stdout.trimEnd().split('\n')
    assert.equal(lines[0], (await visibleCommands()).join(' '))
    assert.equal(lines[1], 'error warning info')
    assert.equal(lines[2], 'json junit')
    assert.ok(lines[3].split(' ').includes('CM203,CM204'), lines[3])
    assert.equal(lines[4], '/usr', 'the repository argument completes directories')
    assert.match(lines[5], /complete -F _kubectl_mesh_complete kubectl-mesh/)
  })

  it('zsh: hands candidates with descriptions to _describe, keeps the --flag= prefix, falls back to _files -/', function () {
    const zsh = shellOrSkip(this, 'zsh')
    const file = script('zsh')
    const probe = `
      compdef() { print -r -- "compdef $*" }
      _describe() { print -r -- "describe \${(j: :)\${@:5}} :: \${(j:|:)\${(P)4}}" }
      _files() { print -r -- "files $*" }
      source ${JSON.stringify(file)}
      words=(kubectl-mesh lint --fail-on ""); CURRENT=4; _kubectl_mesh
      words=(kubectl-mesh lint --output=j); CURRENT=3; _kubectl_mesh
      words=(kubectl-mesh explain CM203); CURRENT=3; _kubectl_mesh
      words=(kubectl-mesh lint ""); CURRENT=3; _kubectl_mesh`
    const {status, stdout, stderr} = run(zsh, ['-f', '-c', probe], {env})
    assert.equal(status, 0, stderr)
    assert.deepEqual(stdout.trimEnd().split('\n'), [
      'compdef _kubectl_mesh kubectl-mesh',
      'describe  :: error|warning|info',
      'describe -P --output= :: json|junit',
      'describe  :: CM203:duplicate-cluster-id',
      'files -/',
    ])
  })

  it('fish: complete -C answers with descriptions and keeps --flag= in front of values', function () {
    const fish = shellOrSkip(this, 'fish')
    const file = script('fish')
    const probe = `source ${JSON.stringify(file)}
      complete -C"kubectl-mesh lint --fail-on "
      complete -C"kubectl-mesh lint --output=j"
      complete -C"kubectl-mesh expl"`
    const {status, stdout, stderr} = run(fish, ['--no-config', '-c', probe], {env})
    assert.equal(status, 0, stderr)
    const lines = stdout.trimEnd().split('\n')
    assert.deepEqual(lines.slice(0, 3).sort(), ['error', 'info', 'warning'])
    assert.deepEqual(lines.slice(3, 5), ['--output=json', '--output=junit'])
    assert.match(lines[5], /^explain\tPrint the documentation page/)
  })
})
