// npm run package: dist/kubectl-mesh, one executable that needs no Node and no node_modules (Node SEA),
// plus dist/kubectl_complete-mesh, the completion helper kubectl runs for `kubectl mesh <TAB>`.
//   oclif manifest from src/commands.ts -> esbuild bundle (CJS) of src/sea-main.ts -> V8 code cache warmed
//   by running the bundle -> SEA blob (a small loader; bundle, cache and docs pages as assets) made by the
//   pinned node -> copy of that node, stripped -> postject.
// Blob and code cache must come from the very node binary they are injected into: always the pinned one.
import {execFileSync, spawnSync} from 'node:child_process'
import {chmodSync, copyFileSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {build} from 'esbuild'
import {BUNDLE_ASSET, CACHE_ASSET} from './sea/wrapper.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const work = join(root, 'build', 'sea')
const dist = join(root, 'dist')
const BINARY = 'kubectl-mesh'
const COMPANION = 'kubectl_complete-mesh'
// The fuse Node looks for to know a blob was injected (documented in single-executable-applications).
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2'

const step = (text) => process.stderr.write(`package: ${text}\n`)
const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`

/** Runs a tool quietly (postject's LIEF warns about Node's unnamed .note sections); shows its output if it fails. */
function quiet(command, args, options = {}) {
  const result = spawnSync(command, args, {encoding: 'utf8', ...options})
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stdout}${result.stderr}`)
}

/** The Node the project pins (npm devDependency "node"), never whatever `node` is on PATH. */
function pinnedNode() {
  const node = realpathSync(join(root, 'node_modules', '.bin', 'node'))
  const version = execFileSync(node, ['--version'], {encoding: 'utf8'}).trim()
  if (Number(version.slice(1).split('.')[0]) < 24) throw new Error(`pinned node is ${version}; the binary needs Node >= 24`)
  return {node, version}
}

/** Only what oclif reads at run time; dependencies and scripts stay out of the binary. */
function readPackage() {
  const p = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
  return {name: p.name, version: p.version, description: p.description, type: 'commonjs', engines: p.engines, homepage: p.homepage, oclif: p.oclif}
}

// oclif requires tinyglobby at start-up for its "pattern" command strategy; the binary uses the explicit
// command map, so a stub saves evaluating a glob engine on every start.
const stubUnused = {
  name: 'stub-unused',
  setup(b) {
    b.onResolve({filter: /^tinyglobby$/}, () => ({path: 'tinyglobby', namespace: 'stub'}))
    b.onLoad({filter: /.*/, namespace: 'stub'}, () => ({
      contents: 'export function glob() { throw new Error("file globbing is not part of the kubectl-mesh binary") }',
      loader: 'js',
    }))
  },
}

const esbuildBase = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  minify: true,
  keepNames: true,
  legalComments: 'none',
  // typescript is only loaded by oclif to run .ts sources in development.
  external: ['typescript'],
  // import.meta does not exist in CommonJS; give modules that use it the binary's own path.
  banner: {js: 'var __seaImportMetaUrl = require("node:url").pathToFileURL(__filename).href;'},
  plugins: [stubUnused],
  logLevel: 'warning',
  define: {
    'import.meta.url': '__seaImportMetaUrl',
    'import.meta.filename': '__filename',
    'import.meta.dirname': '__dirname',
    // The binary's own warnings are noise to a kubectl user: its engine is the one it was built with,
    // and ws' optional native add-ons cannot be inside a single executable anyway.
    'process.env.OCLIF_DISABLE_ENGINE_WARNING': '"1"',
    'process.env.WS_NO_BUFFER_UTIL': '"1"',
    'process.env.WS_NO_UTF_8_VALIDATE': '"1"',
  },
}

/**
 * The oclif manifest (cached command metadata: ids, flags, args, help text) of the commands as they are in
 * src/ now, made by oclif's own Plugin loader from a bundle of src/commands.ts. No tsc build is needed, so a
 * type error elsewhere in the tree does not stop packaging (npm run lint:types is the type gate).
 */
async function commandManifest(pjson) {
  step('oclif manifest from src/commands.ts')
  await build({...esbuildBase, entryPoints: [join(root, 'src', 'commands.ts')], outfile: join(work, 'commands.cjs')})
  const {Plugin} = await import('@oclif/core')
  const plugin = new Plugin({
    root: work,
    isRoot: true,
    ignoreManifest: true,
    errorOnManifestCreate: true,
    pjson: {...pjson, oclif: {...pjson.oclif, commands: {strategy: 'explicit', target: './commands.cjs', identifier: 'COMMANDS'}}},
  })
  await plugin.load()
  return plugin.manifest
}

async function bundleCli(pjson, manifest, outfile) {
  step('esbuild bundle of src/sea-main.ts')
  const define = {...esbuildBase.define, KUBECTL_MESH_PJSON: JSON.stringify(pjson), KUBECTL_MESH_MANIFEST: JSON.stringify(manifest)}
  const result = await build({...esbuildBase, entryPoints: [join(root, 'src', 'sea-main.ts')], outfile, define, metafile: true})
  writeFileSync(join(work, 'meta.json'), JSON.stringify(result.metafile))
}

/** The SEA main script: a few lines that compile the bundle asset with its code cache. */
async function bundleLoader(outfile) {
  await build({entryPoints: [join(root, 'scripts', 'sea', 'loader.mjs')], outfile, bundle: true, platform: 'node', format: 'cjs', target: 'node24', logLevel: 'warning'})
}

function warmCodeCache(node, bundleFile, cacheFile) {
  step('V8 code cache (running --help, --version, checks, explain, completion)')
  quiet(node, [join(root, 'scripts', 'sea', 'warm-cache.mjs'), bundleFile, cacheFile], {cwd: work, env: {PATH: process.env.PATH, HOME: work}})
}

/** docs/checks/CMnnn.md -> SEA assets under the same key (src/lib/docs/pages.ts reads them). */
function docAssets() {
  const dir = join(root, 'docs', 'checks')
  let names = []
  try {
    names = readdirSync(dir).filter((n) => /^CM\d{3}\.md$/.test(n))
  } catch {}
  return Object.fromEntries(names.sort().map((n) => [`docs/checks/${n}`, join(dir, n)]))
}

function makeBlob(node, main, blob, assets) {
  const config = join(work, 'sea-config.json')
  const seaConfig = {
    main,
    output: blob,
    disableExperimentalSEAWarning: true,
    // The loader is tiny; the bundle carries its own, fuller code cache (scripts/sea/loader.mjs).
    useCodeCache: false,
    // The user's NODE_OPTIONS (a --require of theirs, a debugger flag) must not change the tool.
    execArgvExtension: 'none',
    assets,
  }
  writeFileSync(config, JSON.stringify(seaConfig, null, 2))
  quiet(node, ['--experimental-sea-config', config], {cwd: work})
}

function makeExecutable(node, blob, target) {
  step('copy the pinned node, strip it, inject the blob')
  copyFileSync(node, target)
  chmodSync(target, 0o755)
  quiet('strip', [target])
  quiet(node, [join(root, 'node_modules', 'postject', 'dist', 'cli.js'), target, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE])
}

/** The finished binary must run with nothing around it: no PATH, no HOME, from `/`. */
function smokeTest(binary, pjson, nodeVersion) {
  const out = execFileSync(binary, ['--version'], {cwd: '/', env: {}, encoding: 'utf8'})
  if (!out.includes(`${pjson.name}/${pjson.version}`) || !out.includes(`node-${nodeVersion}`)) throw new Error(`unexpected --version output: ${out}`)
  const debug = spawnSync(binary, ['--version'], {cwd: '/', env: {KUBECTL_MESH_DEBUG_SEA: '1'}, encoding: 'utf8'})
  if (debug.stderr) throw new Error(`the binary complains at start-up: ${debug.stderr}`)
  return execFileSync(binary, ['completion', 'kubectl'], {cwd: '/', env: {}, encoding: 'utf8'})
}

async function main() {
  const started = Date.now()
  const {node, version} = pinnedNode()
  rmSync(work, {recursive: true, force: true})
  mkdirSync(work, {recursive: true})
  mkdirSync(dist, {recursive: true})
  const pjson = readPackage()
  const bundleFile = join(work, BUNDLE_ASSET)
  await bundleCli(pjson, await commandManifest(pjson), bundleFile)
  const loaderFile = join(work, 'loader.cjs')
  await bundleLoader(loaderFile)
  const cacheFile = join(work, CACHE_ASSET)
  warmCodeCache(node, bundleFile, cacheFile)
  const docs = docAssets()
  step(`SEA blob (bundle, code cache, ${Object.keys(docs).length} docs pages)`)
  const blob = join(work, 'sea-prep.blob')
  makeBlob(node, loaderFile, blob, {[BUNDLE_ASSET]: bundleFile, [CACHE_ASSET]: cacheFile, ...docs})
  const staged = join(work, BINARY)
  makeExecutable(node, blob, staged)
  const companionScript = smokeTest(staged, pjson, version)
  renameSync(staged, join(dist, BINARY))
  writeFileSync(join(dist, COMPANION), companionScript)
  chmodSync(join(dist, COMPANION), 0o755)
  const size = (p) => statSync(p).size
  process.stdout.write(
    `dist/${BINARY}: ${mib(size(join(dist, BINARY)))} (node ${version}; bundle ${mib(size(bundleFile))}, code cache ${mib(size(cacheFile))}) ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s\ndist/${COMPANION}: completion helper for kubectl 1.26+\n`,
  )
}

await main()
