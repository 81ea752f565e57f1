// The SEA main script: picks one of the two bundled CLIs (wrapper.mjs) for this command line and compiles
// it with the V8 code cache made by running it (warm-cache.mjs). Node's own useCodeCache covers only code
// compiled before anything runs; these caches also hold every function the warm-up runs executed.
import {getRawAsset} from 'node:sea'
import {Script} from 'node:vm'
import {BUNDLES, FILENAME, startupCanAnswer, wrap} from './wrapper.mjs'

// KUBECTL_MESH_HELP_LOADS_COMMANDS is replaced by the packager (esbuild define) from the command manifest.
const bundle = startupCanAnswer(process.argv.slice(2), KUBECTL_MESH_HELP_LOADS_COMMANDS) ? BUNDLES.startup : BUNDLES.full
// Raw assets are views of the executable's memory, not copies. The packager makes the bundles pure ASCII,
// so latin1 decoding gives the very string the cache was made from, as a one-byte string, without UTF-8 checks.
const source = Buffer.from(getRawAsset(bundle.source)).toString('latin1')
const script = new Script(wrap(source), {filename: FILENAME, cachedData: new Uint8Array(getRawAsset(bundle.cache))})
if (process.env.KUBECTL_MESH_DEBUG_SEA) process.stderr.write(`kubectl-mesh: ${bundle.source}${script.cachedDataRejected ? ', code cache rejected' : ''}\n`)
const bundleModule = {exports: {}}
script.runInThisContext()(bundleModule.exports, require, bundleModule, __filename, __dirname)
