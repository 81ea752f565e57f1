// fuzz: 10,000 seeded mutations of fixture repositories through lint (test/fuzz/fuzz-core.ts), in a child process that
// runs the TypeScript sources. Prints cases, internal errors (must be 0), crashes (must be 0) and the time.
// FUZZ_RUNS and FUZZ_SEED change the run.
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'

export const title = 'fuzz: 10,000 seeded mutations of fixture repositories through lint (no internal error, no crash)'

export default async function run({root, print}) {
  const runs = Number(process.env.FUZZ_RUNS ?? 10_000)
  const r = spawnSync(join(root, 'node_modules', '.bin', 'node'), ['--no-warnings', '--import', 'tsx', join(root, 'test', 'fuzz', 'run-fuzz.ts')], {
    cwd: root,
    env: {...process.env, FUZZ_RUNS: String(runs)},
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  })
  const line = r.stdout.trim().split('\n').at(-1) ?? ''
  let stats
  try {
    stats = JSON.parse(line)
  } catch {
    throw new Error(`the fuzz run exited ${r.status}: ${r.stderr.slice(-600)}`)
  }
  print(`cases            ${stats.cases} (seed ${stats.seed})`)
  print(`internal errors  ${stats.internalErrors}`)
  print(`crashes          ${stats.crashes}`)
  print(`time             ${(stats.ms / 1000).toFixed(1)} s (${(stats.ms / stats.cases).toFixed(1)} ms per case, slowest ${stats.slowestCaseMs} ms)`)
  print(`finding ids      ${stats.findingIds} distinct`)
  if (stats.internalErrors || stats.crashes) {
    for (const l of r.stderr.split('\n').filter((x) => x && !/Warning: Keys with collection/.test(x)).slice(0, 20)) print(l)
    throw new Error(`${stats.internalErrors} internal errors, ${stats.crashes} crashes (replay a case with FUZZ_SEED and FUZZ_CASE)`)
  }
}
