// Rendered fixture repositories (each rendered once per test run) and the CM1xx checks run over them.
import {join} from 'node:path'
import {runChecks} from '../../../src/lib/checks/engine.js'
import {GITOPS_CHECKS} from '../../../src/lib/checks/gitops/index.js'
import {renderRepository} from '../../../src/lib/gitops/render.js'
import type {RenderedRepository} from '../../../src/lib/gitops/types.js'
import type {Finding} from '../../../src/lib/report/types.js'

export const FIXTURES = join(process.cwd(), 'test/fixtures/repos')
export const CORPUS = join(process.cwd(), '../shared/corpus/monosense-io__k8s-gitops@606585d5')

const rendered = new Map<string, Promise<RenderedRepository>>()

export function fixture(name: string): Promise<RenderedRepository> {
  let r = rendered.get(name)
  if (!r) {
    r = renderRepository(name.startsWith('/') ? name : join(FIXTURES, name))
    rendered.set(name, r)
  }
  return r
}

/** Findings of one check over a rendered repository, as `file:line:column message` lines for readable asserts. */
export async function findingsOf(id: string, repo: RenderedRepository): Promise<Finding[]> {
  const out = await runChecks(GITOPS_CHECKS.filter((c) => c.id === id), {repo})
  return out.findings
}

export const where = (f: Finding) => `${f.file}:${f.line}:${f.column}`
