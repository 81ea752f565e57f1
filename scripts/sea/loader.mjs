// The SEA main script: compiles the bundled CLI (an asset) with a V8 code cache made after running it
// (warm-cache.mjs). Node's own useCodeCache covers only code compiled before anything runs; this cache
// also holds every function that --help executes, which is most of what a start needs.
import {getAsset} from 'node:sea'
import {Script} from 'node:vm'
import {BUNDLE_ASSET, CACHE_ASSET, FILENAME, wrap} from './wrapper.mjs'

const source = getAsset(BUNDLE_ASSET, 'utf8')
const script = new Script(wrap(source), {filename: FILENAME, cachedData: new Uint8Array(getAsset(CACHE_ASSET))})
if (process.env.KUBECTL_MESH_DEBUG_SEA && script.cachedDataRejected) process.stderr.write('kubectl-mesh: code cache rejected\n')
const bundleModule = {exports: {}}
script.runInThisContext()(bundleModule.exports, require, bundleModule, __filename, __dirname)
