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
import {build} from 'esbuild'
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

// Two start-up costs of oclif that the binary does not need to pay:
// - tinyglobby is required at start-up for the "pattern" command strategy; the binary uses an explicit map.
// - help passes every string through ejs.render, which compiles each one with `new Function` (never in the
//   code cache); strings without a template tag come out unchanged, so they skip ejs.
const trimOclif = {
  name: 'trim-oclif',
  setup(b) {
    b.onResolve({filter: /^tinyglobby$/}, () => ({path: 'tinyglobby', namespace: 'stub'}))
    b.onLoad({filter: /.*/, namespace: 'stub'}, () => ({
      contents: 'export function glob() { throw new Error("file globbing is not part of the kubectl-mesh binary") }',
      loader: 'js',
    }))
    b.onResolve({filter: /^ejs$/}, (args) => (args.namespace === 'ejs-fast' ? undefined : {path: 'ejs', namespace: 'ejs-fast', pluginData: args.resolveDir}))
    b.onLoad({filter: /.*/, namespace: 'ejs-fast'}, (args) => ({
      contents: 'const ejs = require("ejs"); module.exports = {...ejs, render: (t, d, o) => (typeof t === "string" && !t.includes("<%") ? t : ejs.render(t, d, o))}',
      loader: 'js',
      resolveDir: args.pluginData,
    }))
  },
}

/**
 * 'kubectl-mesh:lazy-commands': src/commands.ts (one static map, as oclif's explicit strategy wants it) turned
 * into one dynamic import per command, so that running `checks` never evaluates the Kubernetes client that
 * `doctor` needs. The map is read from the file's own import lines; an id it cannot place stops packaging.
 */
function lazyCommands(manifest, {startup}) {
  const file = join(root, 'src', 'commands.ts')
  const text = readFileSync(file, 'utf8')
  const modules = new Map([...text.matchAll(/^import\s+(\w+)\s+from\s+'(\.\/commands\/[^']+)'/gm)].map(([, name, path]) => [name, path]))
  const body = text.slice(text.indexOf('COMMANDS'))
  const entries = new Map([...body.matchAll(/^\s*(?:'([^']+)'|"([^"]+)"|([\w$]+))\s*:\s*(\w+)\s*,?\s*$/gm)].map((m) => [m[1] ?? m[2] ?? m[3], m[4]]))
  const loaders = Object.keys(manifest.commands).map((id) => {
    const path = modules.get(entries.get(id))
    if (!path) throw new Error(`package: cannot tell which module of src/commands.ts holds command "${id}"`)
    const source = join(root, 'src', path.replace(/\.js$/, '.ts'))
    // The start-up bundle has no command code; the loader never picks it for a command line that runs one.
    if (startup) return `  ${JSON.stringify(id)}: () => Promise.reject(new Error('internal: the start-up bundle cannot run "${id}"')),`
    return `  ${JSON.stringify(id)}: () => import(${JSON.stringify(source)}).then((m) => m.default),`
  })
  return {
    name: 'lazy-commands',
    setup(b) {
      b.onResolve({filter: /^kubectl-mesh:lazy-commands$/}, () => ({path: file, namespace: 'lazy-commands'}))
      b.onLoad({filter: /.*/, namespace: 'lazy-commands'}, () => ({contents: `export const LAZY_COMMANDS = {\n${loaders.join('\n')}\n}\n`, loader: 'js', resolveDir: root}))
    },
  }
}

const esbuildBase = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  // KUBECTL_MESH_SEA_DEBUG=1 keeps names and layout readable, for CPU profiles of the bundle.
  minify: process.env.KUBECTL_MESH_SEA_DEBUG !== '1',
  keepNames: true,
  legalComments: 'none',
  // typescript is only loaded by oclif to run .ts sources in development.
  external: ['typescript'],
  // import.meta does not exist in CommonJS; give modules that use it the binary's own path.
  banner: {js: 'var __seaImportMetaUrl = require("node:url").pathToFileURL(__filename).href;'},
  plugins: [trimOclif],
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

/** An escape means something else inside String.raw`...`: refuse to escape there rather than change the text. */
function assertNoRawTemplateAt(text, positions) {
  for (const start of [...text.matchAll(/String\.raw`/g)].map((m) => m.index)) {
    let end = start + 'String.raw`'.length
    while (end < text.length && text[end] !== '`') end += text[end] === '\\' ? 2 : 1
    if (positions.some((p) => p > start && p < end)) throw new Error('package: a non-ASCII character inside a String.raw template; the ASCII escaping in bundleCli must skip it')
  }
}

async function bundleCli(pjson, manifest, outfile, {startup}) {
  const define = {...esbuildBase.define, KUBECTL_MESH_PJSON: JSON.stringify(pjson), KUBECTL_MESH_MANIFEST: JSON.stringify(manifest)}
  const plugins = [...esbuildBase.plugins, lazyCommands(manifest, {startup})]
  const result = await build({...esbuildBase, entryPoints: [join(root, 'src', 'sea-main.ts')], outfile, define, plugins, metafile: true})
  writeFileSync(outfile.replace(/\.cjs$/, '.meta.json'), JSON.stringify(result.metafile))
  // esbuild leaves a few non-ASCII characters inside regular expressions; escaped, the whole bundle is ASCII,
  // so V8 holds it as a one-byte string (half the memory, faster to load) and the loader can read it as latin1.
  const text = readFileSync(outfile, 'utf8')
  assertNoRawTemplateAt(text, [...text.matchAll(/[^\x00-\x7f]/g)].map((m) => m.index))
  writeFileSync(outfile, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))
}

/** The SEA main script: a few lines that pick a bundle asset and compile it with its code cache. */
async function bundleLoader(manifest, outfile) {
  const helpLoadsCommands = Object.values(manifest.commands).some((c) => c.hasDynamicHelp)
  await build({
    entryPoints: [join(root, 'scripts', 'sea', 'loader.mjs')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node24',
    logLevel: 'warning',
    define: {KUBECTL_MESH_HELP_LOADS_COMMANDS: String(helpLoadsCommands)},
  })
}

// What each bundle's code cache is warmed with: the command lines users start with.
function warmRuns() {
  const example = join(root, 'examples', 'mesh-repo')
  return {
    startup: [['--help'], ['--version'], [], ['lint', '--help'], ['__complete', 'lint', '--o'], ['__complete', 'lint', '--output', '']],
    full: [['checks'], ['explain', 'CM203'], ...(existsSync(example) ? [['lint', example, '-o', 'json']] : [])],
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
  for (const [args, bundle] of [[['--version'], BUNDLES.startup], [['checks'], BUNDLES.full]]) {
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
  const manifest = await commandManifest(pjson)
  const runs = warmRuns()
  const assets = {}
  for (const [name, bundle] of Object.entries(BUNDLES)) {
    step(`esbuild bundle of src/sea-main.ts (${name})`)
    const source = join(work, bundle.source)
    await bundleCli(pjson, manifest, source, {startup: name === 'startup'})
    warmCodeCache(node, source, join(work, bundle.cache), runs[name])
    Object.assign(assets, {[bundle.source]: source, [bundle.cache]: join(work, bundle.cache)})
  }
  const loaderFile = join(work, 'loader.cjs')
  await bundleLoader(manifest, loaderFile)
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
