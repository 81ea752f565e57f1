// lint speed: a generated mesh of 20 clusters against 20 runs of `kubectl kustomize` on the same tree (goal <= 0.25x),
// growth from 20 to 200 clusters (goal <= 12x), and peak memory (max RSS). Uses the standalone binary.
import {spawnSync} from 'node:child_process'
import {existsSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {generateMesh} from './lib/generate-mesh.mjs'
import {fmt, median} from './lib/measure.mjs'

export const title = 'lint: 20, 200 and 511 generated clusters, against kubectl kustomize'

/** Wall time and max RSS (KiB) of one run, through /usr/bin/time. */
function measure(command, args, okCodes = [0]) {
  const start = process.hrtime.bigint()
  const r = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], {encoding: 'utf8', maxBuffer: 1 << 28})
  const ms = Number(process.hrtime.bigint() - start) / 1e6
  if (!okCodes.includes(r.status)) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr.slice(-400)}`)
  return {ms, rssKiB: Number(r.stderr.trim().split('\n').at(-1))}
}

export default async function run({root, runs, print}) {
  const binary = join(root, 'dist', 'kubectl-mesh')
  if (!existsSync(binary)) throw new Error('dist/kubectl-mesh is missing: run npm run package first')
  const work = mkdtempSync(join(tmpdir(), 'kubectl-mesh-bench-lint-'))
  try {
    const n = Math.max(3, Math.min(runs, 11))
    const small = join(work, 'mesh-20')
    const large = join(work, 'mesh-200')
    const names = generateMesh(root, small, 20)
    generateMesh(root, large, 200)
    const lint = (dir) => measure(binary, ['lint', dir, '-o', 'json'])
    // The baseline: one `kubectl kustomize` per cluster of the shared tree every cluster renders
    // (kubernetes/infrastructure), i.e. less than Flux does per cluster (no Flux graph, no substitution).
    const kustomizeAll = () => {
      let ms = 0
      for (const _name of names) ms += measure('kubectl', ['kustomize', join(small, 'kubernetes', 'infrastructure')]).ms
      return ms
    }
    const t20 = [], t200 = [], tk = [], rss20 = [], rss200 = []
    for (let i = 0; i < n; i++) {
      const a = lint(small)
      t20.push(a.ms)
      rss20.push(a.rssKiB)
      tk.push(kustomizeAll())
      const b = lint(large)
      t200.push(b.ms)
      rss200.push(b.rssKiB)
    }
    const [m20, m200, mk] = [median(t20), median(t200), median(tk)]
    print(`lint, 20 clusters                  ${fmt(m20)}   max RSS ${(Math.max(...rss20) / 1024).toFixed(0)} MiB`)
    print(`lint, 200 clusters                 ${fmt(m200)}   max RSS ${(Math.max(...rss200) / 1024).toFixed(0)} MiB`)
    print(`20 x kubectl kustomize             ${fmt(mk)}`)
    const ratio = m20 / mk
    const growth = m200 / m20
    // Cilium's maximum mesh (maxConnectedClusters: 511), fewer runs: goal < 5 s and < 1 GiB.
    const max = join(work, 'mesh-511')
    generateMesh(root, max, 511)
    const t511 = [], rss511 = []
    for (let i = 0; i < Math.min(n, 3); i++) {
      const c = lint(max)
      t511.push(c.ms)
      rss511.push(c.rssKiB)
    }
    const [m511, r511] = [median(t511), Math.max(...rss511) / 1024]
    print(`lint, 511 clusters                 ${fmt(m511)}   max RSS ${r511.toFixed(0)} MiB (goal < 5 s and < 1024 MiB: ${m511 < 5000 && r511 < 1024 ? 'met' : 'NOT met'})`)
    print(`lint 20 / 20 x kustomize: ${ratio.toFixed(2)}x (goal <= 0.25x: ${ratio <= 0.25 ? 'met' : 'NOT met'})`)
    print(`growth 20 -> 200 clusters: ${growth.toFixed(1)}x (goal <= 12x: ${growth <= 12 ? 'met' : 'NOT met'}); medians of ${n} runs`)
  } finally {
    rmSync(work, {recursive: true, force: true})
  }
}
