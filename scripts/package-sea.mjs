// npm run package: dist/kubectl-mesh, one executable that needs no Node and no node_modules (Node SEA),
// plus dist/kubectl_complete-mesh, the completion helper kubectl runs for `kubectl mesh <TAB>`.
//   oclif manifest from src/commands.ts -> two esbuild bundles (CJS) of src/sea-main.ts, start-up and full
//   (scripts/sea/wrapper.mjs) -> a V8 code cache for each, warmed by running it -> SEA blob (a small loader;
//   bundles, caches and docs pages as assets) made by the pinned node -> copy of that node, stripped -> postject.
// Blob and code caches must come from the very node binary they are injected into: always the pinned one.
import {execFileSync, spawnSync} from 'node:child_process'
import {chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {basename, dirname, join, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {bundleCli, bundleLoader, commandManifest} from './sea/bundle.mjs'
import {BUNDLES} from './sea/wrapper.mjs'

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

// What each bundle's code cache is warmed with: the command lines users start with.
function warmRuns() {
  const example = join(root, 'examples', 'mesh-repo')
  return {
    startup: [['--help'], ['--version'], [], ['lint', '--help'], ['__complete', 'lint', '--o'], ['__complete', 'lint', '--output', ''], ['checks'], ['explain', 'CM203']],
    full: [['lint', '--help'], ...(existsSync(example) ? [['lint', example, '-o', 'json']] : [])],
  }
}

function warmCodeCache(node, bundleFile, cacheFile, runs) {
  step(`V8 code cache of ${basename(bundleFile)} (${runs.map((r) => r.join(' ') || '(no arguments)').join('; ')})`)
  quiet(node, [join(root, 'scripts', 'sea', 'warm-cache.mjs'), bundleFile, cacheFile, JSON.stringify(runs)], {cwd: work, env: {PATH: process.env.PATH, HOME: work}})
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
  // Each bundle must be picked where expected and its code cache accepted (else start-up silently slows down).
  for (const [args, bundle] of [[['--version'], BUNDLES.startup], [['checks'], BUNDLES.startup], [['completion', 'bash'], BUNDLES.full]]) {
    const debug = spawnSync(binary, args, {cwd: '/', env: {KUBECTL_MESH_DEBUG_SEA: '1'}, encoding: 'utf8'})
    if (debug.stderr !== `kubectl-mesh: ${bundle.source}\n`) throw new Error(`kubectl-mesh ${args.join(' ')} at start-up: ${debug.stderr}`)
  }
  return execFileSync(binary, ['completion', 'kubectl'], {cwd: '/', env: {}, encoding: 'utf8'})
}

async function main() {
  const started = Date.now()
  const {node, version} = pinnedNode()
  rmSync(work, {recursive: true, force: true})
  mkdirSync(work, {recursive: true})
  mkdirSync(dist, {recursive: true})
  const pjson = readPackage()
  step('oclif manifest from src/commands.ts')
  const manifest = await commandManifest(root, work, pjson)
  const runs = warmRuns()
  const assets = {}
  for (const [name, bundle] of Object.entries(BUNDLES)) {
    step(`esbuild bundle of src/sea-main.ts (${name})`)
    const source = join(work, bundle.source)
    await bundleCli(root, pjson, manifest, source, {startup: name === 'startup'})
    warmCodeCache(node, source, join(work, bundle.cache), runs[name])
    Object.assign(assets, {[bundle.source]: source, [bundle.cache]: join(work, bundle.cache)})
  }
  const loaderFile = join(work, 'loader.cjs')
  await bundleLoader(root, manifest, loaderFile)
  const docs = docAssets()
  step(`SEA blob (2 bundles with their code caches, ${Object.keys(docs).length} docs pages)`)
  const blob = join(work, 'sea-prep.blob')
  makeBlob(node, loaderFile, blob, {...assets, ...docs})
  const staged = join(work, BINARY)
  makeExecutable(node, blob, staged)
  const companionScript = smokeTest(staged, pjson, version)
  renameSync(staged, join(dist, BINARY))
  writeFileSync(join(dist, COMPANION), companionScript)
  chmodSync(join(dist, COMPANION), 0o755)
  const size = (file) => mib(statSync(join(work, file)).size)
  const {startup, full} = BUNDLES
  process.stdout.write(
    `dist/${BINARY}: ${mib(statSync(join(dist, BINARY)).size)} (node ${version}; bundles ${size(startup.source)} start-up + ${size(full.source)} full, ` +
      `code caches ${size(startup.cache)} + ${size(full.cache)}) in ${((Date.now() - started) / 1000).toFixed(1)} s\n` +
      `dist/${COMPANION}: completion helper for kubectl 1.26+\n`,
  )
}

await main()
