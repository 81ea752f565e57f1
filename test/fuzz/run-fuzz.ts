// `npm run bench -- fuzz` runs this (bench/fuzz.mjs): FUZZ_RUNS seeded mutations (default 10,000), then one JSON line
// {cases, internalErrors, crashes, ms, ...} on stdout; the failing cases (replayable) on stderr.
import {fuzz, replay} from './fuzz-core.js'
import {ROOT} from '../support/cli.js'

const runs = Number(process.env.FUZZ_RUNS ?? 10_000)
const seed = Number(process.env.FUZZ_SEED ?? 20261122)
const only = process.env.FUZZ_CASE === undefined ? undefined : Number(process.env.FUZZ_CASE)
const stats = await fuzz({runs, seed, root: ROOT, ...(only === undefined ? {} : {only})})
for (const c of [...stats.internal, ...stats.crashes].slice(0, 20)) {
  process.stderr.write(`${replay(seed, c)}\n  ${c.crash ?? c.internal.join('\n  ')}\n`)
}
process.stdout.write(
  JSON.stringify({
    cases: stats.cases,
    seed,
    internalErrors: stats.internal.length,
    crashes: stats.crashes.length,
    configurationErrors: stats.usage,
    ms: Math.round(stats.ms),
    slowestCaseMs: Math.round(stats.slowest.ms),
    findingIds: stats.findings.size,
    findings: Object.fromEntries([...stats.findings].sort()),
    mutations: Object.fromEntries(stats.mutations),
    msPerCaseBySource: Object.fromEntries([...stats.perSource].map(([k, v]) => [k, Math.round(v.ms / v.cases)])),
  }) + '\n',
)
