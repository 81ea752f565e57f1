// Thousands of seeded random mutations of fixture repositories (test/fuzz/fuzz-core.ts): every run ends in a report,
// no check ever throws (no result in status error: that would be exit 4, an internal error) and lint never crashes.
// Most mutations keep the YAML valid and reach the mesh checks (CIDRs, ids, names, addresses, HelmRelease values and
// valuesFrom, peers, Secrets, substitution variables). FUZZ_RUNS, FUZZ_SEED change the run; FUZZ_CASE replays one
// case. `npm run bench -- fuzz` runs 10,000.
import {strict as assert} from 'node:assert'
import {fuzz, replay} from './fuzz-core.js'
import {ROOT} from '../support/cli.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 3000)
const SEED = Number(process.env.FUZZ_SEED ?? 20261122)
const ONLY = process.env.FUZZ_CASE === undefined ? undefined : Number(process.env.FUZZ_CASE)

describe('lint fuzz: random mutations of fixture repositories', function () {
  this.timeout(Math.max(300_000, RUNS * 300))

  it(`${RUNS} mutated repositories each end in a report, with no internal error and no crash (seed ${SEED})`, async () => {
    const stats = await fuzz({runs: RUNS, seed: SEED, root: ROOT, ...(ONLY === undefined ? {} : {only: ONLY})})
    const broken = [...stats.crashes, ...stats.internal]
    assert.equal(
      broken.length,
      0,
      `${stats.crashes.length} crashes, ${stats.internal.length} cases with internal errors in ${stats.cases}:\n` +
        broken.slice(0, 5).map((c) => `${replay(SEED, c)}\n  ${c.crash ?? c.internal.join('\n  ')}`).join('\n'),
    )
    assert.equal(stats.cases, ONLY === undefined ? RUNS : 1)
    if (ONLY !== undefined) return
    // The mutations reach the parser and the input checks…
    assert.ok((stats.findings.get('CM001') ?? 0) > 0, 'some mutation produced a YAML parse error finding')
    assert.ok((stats.findings.get('CM002') ?? 0) > 0, 'some mutation produced a missing-path finding')
    // …and, with valid YAML, the substitution and mesh checks: duplicate ids, overlapping CIDRs, bad values.
    const mesh = [...stats.findings.keys()].filter((id) => /^CM2/.test(id))
    assert.ok(mesh.length >= 8, `mesh checks reached: ${mesh.sort().join(', ')}`)
    assert.ok([...stats.findings.keys()].some((id) => /^CM10[12]$/.test(id)), 'a substitution finding')
  })
})
