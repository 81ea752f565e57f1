// The esbuild side of npm run package: the oclif manifest of src/commands.ts, the two bundles of
// src/sea-main.ts (wrapper.mjs says why two) and the SEA loader script.
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {build} from 'esbuild'
import {STARTUP_COMMANDS} from './wrapper.mjs'

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
function lazyCommands(root, manifest, {startup}) {
  const file = join(root, 'src', 'commands.ts')
  const text = readFileSync(file, 'utf8')
  const modules = new Map([...text.matchAll(/^import\s+(\w+)\s+from\s+'(\.\/commands\/[^']+)'/gm)].map(([, name, path]) => [name, path]))
  const body = text.slice(text.indexOf('COMMANDS'))
  const entries = new Map([...body.matchAll(/^\s*(?:'([^']+)'|"([^"]+)"|([\w$]+))\s*:\s*(\w+)\s*,?\s*$/gm)].map((m) => [m[1] ?? m[2] ?? m[3], m[4]]))
  const loaders = Object.keys(manifest.commands).map((id) => {
    const path = modules.get(entries.get(id))
    if (!path) throw new Error(`package: cannot tell which module of src/commands.ts holds command "${id}"`)
    const source = join(root, 'src', path.replace(/\.js$/, '.ts'))
    // The start-up bundle has no other command code; the loader never picks it for a command line that runs one.
    if (startup && !STARTUP_COMMANDS.includes(id)) return `  ${JSON.stringify(id)}: () => Promise.reject(new Error('internal: the start-up bundle cannot run "${id}"')),`
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

export const esbuildBase = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node24',
  // KUBECTL_MESH_SEA_NO_MINIFY=1 keeps names and layout readable, for CPU profiles of the bundles.
  minify: process.env.KUBECTL_MESH_SEA_NO_MINIFY !== '1',
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
export async function commandManifest(root, work, pjson) {
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
    if (positions.some((p) => p > start && p < end)) throw new Error('package: a non-ASCII character inside a String.raw template; the ASCII escaping must skip it')
  }
}

export async function bundleCli(root, pjson, manifest, outfile, {startup}) {
  const define = {...esbuildBase.define, KUBECTL_MESH_PJSON: JSON.stringify(pjson), KUBECTL_MESH_MANIFEST: JSON.stringify(manifest)}
  const plugins = [...esbuildBase.plugins, lazyCommands(root, manifest, {startup})]
  const result = await build({...esbuildBase, entryPoints: [join(root, 'src', 'sea-main.ts')], outfile, define, plugins, metafile: true})
  writeFileSync(outfile.replace(/\.cjs$/, '.meta.json'), JSON.stringify(result.metafile))
  // esbuild leaves a few non-ASCII characters inside regular expressions; escaped, the whole bundle is ASCII,
  // so V8 holds it as a one-byte string (half the memory, faster to load) and the loader can read it as latin1.
  const text = readFileSync(outfile, 'utf8')
  assertNoRawTemplateAt(text, [...text.matchAll(/[^\x00-\x7f]/g)].map((m) => m.index))
  writeFileSync(outfile, text.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`))
}

/** The SEA main script: a few lines that pick a bundle asset and compile it with its code cache. */
export async function bundleLoader(root, manifest, outfile) {
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
