// Oracle: our port of Flux's envsubst against the real `flux envsubst` (strict and non-strict), case by case.
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {evaluate, type Mapping} from '../../src/lib/gitops/envsubst/eval.js'
import {EnvsubstError} from '../../src/lib/gitops/envsubst/parse.js'
import {FLUX_MISSING, fluxBinary} from './support/flux-bin.js'

const ENV = {SET: 'value', EMPTY: '', PATH_LIKE: '/a/b/c.txt', UNI: 'äbc', MIXED: 'Hello World', NUM: '42'}

/** Every expression form Flux documents or users write, including the ones Flux rejects. */
const CASES = [
  'plain text without variables',
  '${SET}', '${UNSET}', '${EMPTY}', 'x-${SET}-y', '${SET}${SET}', '${SET}$SET',
  '$SET', '$(SET)', '$', '$$', 'a$$b', '$${SET}', '$$${SET}', '$$$${SET}', '\\${SET}', '${SET}\\',
  '${SET:=d}', '${UNSET:=d}', '${EMPTY:=d}', '${UNSET:=}', '${UNSET:=a b c}', '${UNSET:=with:colon}',
  '${SET:-d}', '${UNSET:-d}', '${EMPTY:-d}',
  '${SET=d}', '${UNSET=d}', '${EMPTY=d}',
  '${SET-d}', '${UNSET-d}', '${SET+d}', '${UNSET+d}', '${SET?d}',
  '${SET:+d}', '${UNSET:+d}', '${SET:?d}', '${UNSET:?d}', '${UNSET:?}',
  '${UNSET:=${SET}}', '${UNSET:=${ALSO_UNSET}}', '${SET:=${ALSO_UNSET}}', '${UNSET:=pre-${SET}-post}',
  '${', '${SET', '${}', '${ }', '${1A}', '${_A}', '${A.B}', '${A-B}', '${SET }', '${ SET}', '${UNI}', '${ÄB}',
  '${SET,}', '${SET,,}', '${SET^}', '${SET^^}', '${MIXED,,}', '${UNI^^}', '${#SET}', '${#UNI}', '${#UNSET}',
  '${SET:1}', '${SET:1:2}', '${SET:-2}', '${SET: -2}', '${SET:1:-1}', '${SET:9}', '${SET:x}', '${SET:2:x}', '${NUM:0:1}',
  '${SET/a/A}', '${SET//l/L}', '${SET/#v/V}', '${SET/%e/E}', '${SET/a}', '${SET/a/}', '${PATH_LIKE/\\//_}', '${PATH_LIKE//\\//_}',
  '${PATH_LIKE#*/}', '${PATH_LIKE##*/}', '${PATH_LIKE%/*}', '${PATH_LIKE%%/*}', '${PATH_LIKE#[/]}', '${PATH_LIKE##*.}',
  '${SET#[}', '${SET#\\}',
  'key: "${SET}"', "key: '${UNSET:=x}'", 'a: ${SET} # ${UNSET}', '}${SET}{', '${SET}}',
]

type Outcome = {ok: true; out: string} | {ok: false; error: string}

function ours(input: string, strict: boolean): Outcome {
  const mapping: Mapping = (name) => {
    const has = Object.hasOwn(ENV, name)
    const v = has ? ENV[name as keyof typeof ENV] : ''
    return strict ? [v, has] : [v, true]
  }
  try {
    return {ok: true, out: evaluate(input, mapping)}
  } catch (error) {
    if (error instanceof EnvsubstError) return {ok: false, error: error.message}
    throw error
  }
}

function flux(bin: string, input: string, strict: boolean): Outcome {
  const r = spawnSync(bin, ['envsubst', ...(strict ? ['--strict'] : [])], {input: `${input}\n`, env: ENV, encoding: 'utf8'})
  if (r.status === 0) return {ok: true, out: r.stdout.replace(/\n$/, '')}
  // flux prints "✗ <message>" on stderr.
  return {ok: false, error: r.stderr.trim().replace(/^✗\s*/, '')}
}

describe('envsubst matches `flux envsubst`', function () {
  const bin = fluxBinary()
  before(function () {
    if (!bin) {
      // npm run testenv builds it: in CI a missing oracle is a set-up failure, not a skip.
      if (process.env.CI) throw new Error(FLUX_MISSING)
      console.log(`    skipped: ${FLUX_MISSING}`)
      this.skip()
    }
  })

  for (const strict of [true, false]) {
    it(`agrees on ${CASES.length} expressions (${strict ? '--strict' : 'non-strict'})`, () => {
      const mismatches: string[] = []
      for (const input of CASES) {
        const want = flux(bin!, input, strict)
        const got = ours(input, strict)
        if (JSON.stringify(want) !== JSON.stringify(got)) {
          mismatches.push(`${JSON.stringify(input)}: flux ${JSON.stringify(want)}, ours ${JSON.stringify(got)}`)
        }
      }
      assert.deepEqual(mismatches, [])
    })
  }

  it('the table covers success and failure in both modes', () => {
    const outcomes = CASES.map((c) => ours(c, true))
    assert.ok(outcomes.some((o) => !o.ok && o.error.startsWith('variable not set')))
    assert.ok(outcomes.some((o) => !o.ok && o.error === 'missing closing brace'))
    assert.ok(outcomes.filter((o) => o.ok).length > CASES.length / 2)
  })
})
