// Builds the V8 code cache of the bundled CLI: runs it in this process (the pinned node, the same V8 as
// the binary) through a few start-up paths, then saves every function compiled so far.
// usage: node warm-cache.mjs BUNDLE OUT   (stdout of the runs is discarded by the caller)
import {readFileSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {Script} from 'node:vm'
import {FILENAME, wrap} from './wrapper.mjs'

const [bundle, out] = process.argv.slice(2)
const script = new Script(wrap(readFileSync(bundle, 'utf8')), {filename: FILENAME})
const require = createRequire(import.meta.url)
// The paths every user hits first; commands beyond these compile lazily as usual.
const paths = [['--help'], ['--version'], ['checks'], ['explain', 'CM203'], ['lint', '--help'], ['__complete', 'lint', '--o']]

for (const argv of paths) {
  process.argv = [process.argv[0], FILENAME, ...argv]
  const bundleModule = {exports: {}}
  script.runInThisContext()(bundleModule.exports, require, bundleModule, FILENAME, '.')
  await bundleModule.exports.done
  if (process.exitCode) throw new Error(`kubectl-mesh ${argv.join(' ')} exited ${process.exitCode} while warming the code cache`)
}
writeFileSync(out, script.createCachedData())
