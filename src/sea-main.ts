// Entry of the standalone binary (scripts/package-sea.mjs bundles it to CommonJS for Node's SEA).
// There is no package.json, manifest or node_modules on disk: both are inlined with esbuild `define`, and
// 'kubectl-mesh:lazy-commands' is src/commands.ts turned into one loader per command by the bundler.
// Completion requests are answered before oclif is even loaded, and only the command that runs is loaded.
import {dirname} from 'node:path'
import type {Interfaces} from '@oclif/core'
import {LAZY_COMMANDS} from 'kubectl-mesh:lazy-commands'
import type {CachedCommand} from './lib/completion/spec.js'

declare const KUBECTL_MESH_PJSON: Interfaces.PJSON
declare const KUBECTL_MESH_MANIFEST: Interfaces.Manifest

async function start(argv: string[]): Promise<void> {
  if (argv[0] === '__complete') {
    const {completionAnswer} = await import('./lib/completion/run.js')
    process.stdout.write(await completionAnswer(argv.slice(1), Object.values(KUBECTL_MESH_MANIFEST.commands) as unknown as CachedCommand[]))
    return
  }
  const [{Config}, {BundledPlugin}, {main}] = await Promise.all([import('@oclif/core'), import('./lib/sea/bundled-plugin.js'), import('./main.js')])
  const root = dirname(process.execPath)
  const plugin = new BundledPlugin(KUBECTL_MESH_PJSON, KUBECTL_MESH_MANIFEST, root, (id) => LAZY_COMMANDS[id]?.() ?? Promise.resolve(undefined))
  const config = await Config.load({root, pjson: KUBECTL_MESH_PJSON, plugins: new Map([[plugin.name, plugin]])})
  await main(argv, root, {config})
}

/** Settles when the run is over; the code-cache builder (scripts/sea/warm-cache.mjs) waits on it. */
export const done = start(process.argv.slice(2)).catch((error: unknown) => {
  // The binary could not even start oclif: a bug of ours (exit 4, as src/main.ts does), not a usage error.
  process.stderr.write(`Error: internal error starting kubectl mesh: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exitCode = 4
})
