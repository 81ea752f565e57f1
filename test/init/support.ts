// Shared by the init tests: throw-away copies of the fixture repositories, a fingerprint of every file of a
// tree (to prove a run wrote nothing), and the real lint pipeline over a repository.
import {createHash} from 'node:crypto'
import {cpSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, realpathSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {lintRepository} from '../../src/lib/lint/run.js'
import {loadRepository} from '../../src/lib/lint/load.js'
import {ROOT} from '../support/cli.js'

export const FIXTURES = join(ROOT, 'test', 'fixtures', 'init')
export const CORPUS = join(ROOT, '..', 'shared', 'corpus', 'monosense-io__k8s-gitops@606585d5')

const made: string[] = []

/** A private copy of a fixture (or any directory) that the test may change; removed by cleanRepos(). */
export function repoCopy(source: string): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'kubectl-mesh-init-test-')))
  made.push(dir)
  cpSync(source.includes('/') ? source : join(FIXTURES, source), join(dir, 'repo'), {recursive: true})
  return join(dir, 'repo')
}

export function cleanRepos(): void {
  for (const d of made.splice(0)) rmSync(d, {recursive: true, force: true})
}

/** path → sha256 of every entry under dir (symlinks by target), hidden files included. */
export function fingerprint(dir: string, rel = ''): Map<string, string> {
  const out = new Map<string, string>()
  for (const name of readdirSync(join(dir, rel)).sort()) {
    const path = rel ? `${rel}/${name}` : name
    const st = lstatSync(join(dir, path))
    if (st.isSymbolicLink()) out.set(path, `link:${readlinkSync(join(dir, path))}`)
    else if (st.isDirectory()) {
      out.set(`${path}/`, 'dir')
      for (const [k, v] of fingerprint(dir, path)) out.set(k, v)
    } else out.set(path, createHash('sha256').update(readFileSync(join(dir, path))).digest('hex'))
  }
  return out
}

export async function lintErrors(dir: string): Promise<string[]> {
  const g = await lintRepository(dir, {selection: {}})
  return g.findings.filter((f) => f.severity === 'error').map((f) => `${f.id} [${f.cluster ?? ''}] ${f.message}`)
}

export async function modelOf(dir: string) {
  return (await loadRepository(dir)).model
}

export const read = (dir: string, path: string) => readFileSync(join(dir, path), 'utf8')
