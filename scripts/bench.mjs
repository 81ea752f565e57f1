// npm run bench [-- SECTION...]: runs every bench/*.mjs section in file-name order (or only the named
// ones). A section exports `title` and a default `async ({root, runs, print}) => void` that prints its
// numbers; add one by dropping a file into bench/. BENCH_RUNS sets the runs per measurement (default 21).
import {readdirSync} from 'node:fs'
import {dirname, join, resolve} from 'node:path'
import {fileURLToPath, pathToFileURL} from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const runs = Number(process.env.BENCH_RUNS ?? 21)
const wanted = process.argv.slice(2)

const sections = readdirSync(join(root, 'bench'))
  .filter((f) => f.endsWith('.mjs'))
  .sort()
  .filter((f) => wanted.length === 0 || wanted.includes(f.replace(/\.mjs$/, '')))

if (sections.length === 0) {
  console.error(`no bench sections${wanted.length ? ` named ${wanted.join(', ')}` : ''} in bench/`)
  process.exit(2)
}

let failed = 0
for (const file of sections) {
  const section = await import(pathToFileURL(join(root, 'bench', file)).href)
  console.log(`\n## ${section.title ?? file}`)
  try {
    await section.default({root, runs, print: (line) => console.log(`  ${line}`)})
  } catch (error) {
    failed++
    console.log(`  failed: ${error.message}`)
  }
}
process.exitCode = failed ? 1 : 0
