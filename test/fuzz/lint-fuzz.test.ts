// Thousands of random mutations of fixture repositories: every run ends in a report, none crashes or hangs.
// Seeded, so a failure names the seed and the mutation that reproduce it (FUZZ_SEED, FUZZ_RUNS to change).
import {strict as assert} from 'node:assert'
import {cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {isMap, isSeq, parseDocument, type Node} from 'yaml'
import {lintRepository} from '../../src/lib/lint/run.js'
import {buildReport} from '../../src/lib/report/build.js'
import {ROOT} from '../support/cli.js'

const RUNS = Number(process.env.FUZZ_RUNS ?? 2000)
const SEED = Number(process.env.FUZZ_SEED ?? 20261122)
const SOURCES = ['examples/mesh-repo', 'test/fixtures/repos/mesh-pair']

function prng(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) return yamlFiles(p)
    return /\.ya?ml$/.test(name) ? [p] : []
  })
}

type Rand = () => number
const pick = <T>(rand: Rand, xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]

/** Every scalar/collection node with the path of keys leading to it. */
function nodes(node: Node | null | undefined, path: unknown[] = []): {path: unknown[]; node: Node}[] {
  if (!node) return []
  const here = [{path, node}]
  if (isMap(node)) return here.concat(node.items.flatMap((p) => nodes(p.value as Node, [...path, (p.key as {value?: unknown})?.value])))
  if (isSeq(node)) return here.concat(node.items.flatMap((n, i) => nodes(n as Node, [...path, i])))
  return here
}

const WEIRD_VALUES: unknown[] = ['', 0, -1, 256, 3.5, true, null, [], {}, ['a', 1], {x: {y: 'z'}}, '../../../../etc/passwd', '${UNDEFINED_VAR}', '${A:?boom}', '$${ESCAPED}', '10.0.0.0/8', 'not-a-cidr', 'x'.repeat(300)]

const MUTATIONS: Record<string, (text: string, rand: Rand) => string> = {
  'delete a key'(text, rand) {
    const doc = parseDocument(text)
    const maps = nodes(doc.contents as Node).filter((n) => n.path.length > 0)
    if (!maps.length) return text
    const {path} = pick(rand, maps)
    doc.deleteIn(path)
    return doc.toString()
  },
  'change a type'(text, rand) {
    const doc = parseDocument(text)
    const all = nodes(doc.contents as Node).filter((n) => n.path.length > 0)
    if (!all.length) return text
    doc.setIn(pick(rand, all).path, pick(rand, WEIRD_VALUES))
    return doc.toString()
  },
  'break a reference'(text, rand) {
    const refs = [...text.matchAll(/(path|name|key|resources|- )(:?\s*)([./\w-]+)/g)]
    if (!refs.length) return text
    const m = pick(rand, refs)
    const broken = pick(rand, ['missing', '../../../outside', '/etc', `${m[3]}-gone`, ''])
    return text.slice(0, m.index!) + m[1] + m[2] + broken + text.slice(m.index! + m[0].length)
  },
  'truncate'(text, rand) {
    return text.slice(0, Math.floor(rand() * text.length))
  },
  'garbage bytes'(text, rand) {
    const at = Math.floor(rand() * text.length)
    const junk = pick(rand, ['\u0000\u0001\u0002', ': : :', '\t- [', '{{{', '&a [*a, *a]', '*undefined_alias', '\ufffd\ufffe', '---\n---\n'])
    return text.slice(0, at) + junk + text.slice(at)
  },
  'duplicate the document'(text) {
    return `${text}\n---\n${text}`
  },
}

describe('lint fuzz: random mutations of fixture repositories', function () {
  this.timeout(Math.max(120_000, RUNS * 200))
  const work: string[] = []
  after(() => work.forEach((d) => rmSync(d, {recursive: true, force: true})))

  it(`${RUNS} mutated repositories each end in a report (seed ${SEED})`, async () => {
    const rand = prng(SEED)
    const copies = SOURCES.map((src) => {
      const dir = mkdtempSync(join(tmpdir(), 'kubectl-mesh-fuzz-'))
      work.push(dir)
      cpSync(join(ROOT, src), dir, {recursive: true})
      return {dir, files: yamlFiles(dir)}
    })
    const names = Object.keys(MUTATIONS)
    const seen = new Map<string, number>()
    for (let run = 0; run < RUNS; run++) {
      const copy = pick(rand, copies)
      // One to three mutations, in one or several files, restored after the run.
      const touched = new Map<string, string>()
      const applied: string[] = []
      for (let m = 0, n = 1 + Math.floor(rand() * 3); m < n; m++) {
        const file = pick(rand, copy.files)
        const name = pick(rand, names)
        const original = touched.get(file) ?? readFileSync(file, 'utf8')
        touched.set(file, original)
        const current = readFileSync(file, 'utf8')
        let mutated: string
        try {
          mutated = MUTATIONS[name](current, rand)
        } catch {
          mutated = MUTATIONS.truncate(current, rand)
        }
        writeFileSync(file, mutated)
        applied.push(`${name} in ${relative(copy.dir, file)}`)
      }
      try {
        const gathered = await lintRepository(copy.dir, {selection: {}})
        const report = buildReport({command: 'lint', version: 'fuzz', ...gathered}, {failOn: 'error', minSeverity: 'info'})
        assert.ok(['pass', 'fail', 'incomplete'].includes(report.status))
        for (const f of report.findings) {
          if (f.file) assert.ok(!f.file.startsWith('..') && !f.file.startsWith('/'), `finding points outside the repository: ${f.file}`)
          seen.set(f.id, (seen.get(f.id) ?? 0) + 1)
        }
      } catch (error) {
        throw new Error(`run ${run} (FUZZ_SEED=${SEED}) crashed after: ${applied.join('; ')}\n${(error as Error).stack}`)
      } finally {
        for (const [file, text] of touched) writeFileSync(file, text)
      }
    }
    // The mutations reach the input checks: parse errors and missing paths are reported, not thrown.
    assert.ok((seen.get('CM001') ?? 0) > 0, 'some mutation produced a YAML parse error finding')
    assert.ok((seen.get('CM002') ?? 0) > 0, 'some mutation produced a missing-path finding')
  })
})
