// Builds the V8 code cache of a bundled CLI: runs it in this process (the pinned node, the same V8 as the
// binary) through the given command lines, then saves every function compiled so far.
// usage: node warm-cache.mjs BUNDLE OUT 'ARGV-LIST-AS-JSON'   (stdout of the runs is discarded by the caller)
import {readFileSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {Script} from 'node:vm'
import {FILENAME, wrap} from './wrapper.mjs'

const [bundle, out, argvList] = process.argv.slice(2)
const script = new Script(wrap(readFileSync(bundle, 'latin1')), {filename: FILENAME})
const require = createRequire(import.meta.url)

for (const argv of JSON.parse(argvList)) {
  process.argv = [process.argv[0], FILENAME, ...argv]
  const bundleModule = {exports: {}}
  script.runInThisContext()(bundleModule.exports, require, bundleModule, FILENAME, '.')
  await bundleModule.exports.done
  // 1 is a lint that found something: the code ran, which is all the cache needs.
  if ((process.exitCode ?? 0) > 1) throw new Error(`kubectl-mesh ${argv.join(' ')} exited ${process.exitCode} while warming the code cache`)
  process.exitCode = 0
}
writeFileSync(out, script.createCachedData())
