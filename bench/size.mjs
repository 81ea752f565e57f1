// Size of what users download: the binary, what it carries besides Node, and compressed (BENCH_XZ=1 adds
// xz -6, about a minute of one core for ~100 MiB).
import {execFileSync} from 'node:child_process'
import {existsSync, readdirSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {BUNDLES} from '../scripts/sea/wrapper.mjs'

export const title = 'size: dist/kubectl-mesh'

const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1).padStart(6)} MiB`

export default async function run({root, print}) {
  const binary = join(root, 'dist', 'kubectl-mesh')
  if (!existsSync(binary)) throw new Error('dist/kubectl-mesh is missing: run npm run package first')
  print(`binary (stripped node + SEA blob)  ${mib(statSync(binary).size)}`)
  for (const [name, bundle] of Object.entries(BUNDLES)) {
    for (const [label, file] of [
      [`${name} bundle (asset)`, bundle.source],
      [`${name} V8 code cache (asset)`, bundle.cache],
    ]) {
      const path = join(root, 'build', 'sea', file)
      if (existsSync(path)) print(`${label.padEnd(34)} ${mib(statSync(path).size)}`)
    }
  }
  for (const name of readdirSync(join(root, 'dist')).filter((n) => n.endsWith('.tar.gz'))) {
    print(`${'release tarball'.padEnd(34)} ${mib(statSync(join(root, 'dist', name)).size)}  ${name}`)
  }
  if (process.env.BENCH_XZ === '1') {
    const bytes = execFileSync('sh', ['-c', 'xz -6 -T1 -c "$1" | wc -c', 'sh', binary], {encoding: 'utf8'})
    print(`${'binary, xz -6'.padEnd(34)} ${mib(Number(bytes.trim()))}`)
  }
}
