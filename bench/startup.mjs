// Start-up of the standalone binary against a bare start of the Node it embeds (goal: at most 2x).
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {fmt, medians, pinnedNode} from './lib/measure.mjs'

export const title = 'start-up: dist/kubectl-mesh against node -e 0 (the pinned node)'
const GOAL = 2
const CHECKS_GOAL = 1.5

export default async function run({root, runs, print}) {
  const binary = join(root, 'dist', 'kubectl-mesh')
  if (!existsSync(binary)) throw new Error('dist/kubectl-mesh is missing: run npm run package first')
  const baseline = {name: 'node -e 0', command: pinnedNode(root), args: ['-e', '0']}
  const gated = [
    {name: 'kubectl-mesh --version', command: binary, args: ['--version']},
    {name: 'kubectl-mesh --help', command: binary, args: ['--help']},
  ]
  // Not gated: what `kubectl mesh <TAB>` costs (kubectl itself not included), and the smallest command run
  // (the full bundle, with every command's code).
  const extra = [
    {name: 'kubectl-mesh __complete lint --o', command: binary, args: ['__complete', 'lint', '--o']},
    {name: 'kubectl-mesh checks', command: binary, args: ['checks']},
  ]
  const result = medians([baseline, ...gated, ...extra], {runs})
  const base = result.get(baseline.name)
  print(`${baseline.name.padEnd(34)} ${fmt(base)}`)
  for (const {name} of [...gated, ...extra]) print(`${name.padEnd(34)} ${fmt(result.get(name))}  ${(result.get(name) / base).toFixed(2)}x`)
  const worst = Math.max(...gated.map(({name}) => result.get(name) / base))
  print(`worst of --version/--help: ${worst.toFixed(2)}x node -e 0 (goal <= ${GOAL}x: ${worst <= GOAL ? 'met' : 'NOT met'}); medians of ${runs} interleaved runs`)
  // Issue 12: the catalogue commands start like --version (same start-up bundle).
  const checks = result.get('kubectl-mesh checks') / base
  print(`checks: ${checks.toFixed(2)}x node -e 0 (goal <= ${CHECKS_GOAL}x: ${checks <= CHECKS_GOAL ? 'met' : 'NOT met'})`)
}
