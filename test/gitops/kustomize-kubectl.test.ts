// Oracle: every kustomization directory of our fixtures and of the corpus builds to the same objects as
// `kubectl kustomize` (the kustomize kubectl embeds); where kubectl refuses a directory, we report why.
import assert from 'node:assert/strict'
import {existsSync, readdirSync, statSync} from 'node:fs'
import {join, relative} from 'node:path'
import {Kustomizer} from '../../src/lib/gitops/kustomize/build.js'
import {Repo} from '../../src/lib/gitops/repo/repo.js'
import {canonical, kubectlAvailable, kubectlKustomize} from './support/kubectl-oracle.js'

const CORPUS = join(process.cwd(), '../shared/corpus/monosense-io__k8s-gitops@606585d5')
const FIXTURES = join(process.cwd(), 'test/fixtures/repos')
const NAMES = new Set(['kustomization.yaml', 'kustomization.yml', 'Kustomization'])

function kustomizationDirs(root: string): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name)
      let st
      try {
        st = statSync(p)
      } catch {
        continue // dangling or looping symlinks in the broken fixtures
      }
      if (st.isDirectory()) walk(p)
      else if (NAMES.has(name)) out.push(relative(root, dir))
    }
  }
  walk(root)
  return [...new Set(out)]
}

function compare(root: string): {agree: number; refused: number; failures: string[]} {
  const k = new Kustomizer(new Repo(root))
  const failures: string[] = []
  let agree = 0
  let refused = 0
  for (const dir of kustomizationDirs(root)) {
    const got = k.build(dir)
    // kubectl would fetch remote bases over the network (tests never use it) and expands alias bombs for
    // minutes: our finding is the answer there.
    const unsafe = (p: {id: string; message: string}) => (p.id === 'CM005' && p.message.startsWith('remote ')) || p.message.includes('Excessive alias count')
    if (got.env.problems.some(unsafe)) {
      refused++
      continue
    }
    const want = kubectlKustomize(join(root, dir))
    const errors = got.env.problems.filter((p) => p.id !== 'CM005' || p.severity === 'error')
    if (!want.ok) {
      refused++
      // Anything we report counts here: kubectl also refuses what we only call unsupported (helmCharts, remote bases).
      if (got.env.problems.length === 0) failures.push(`${dir}: kubectl refuses it (${want.error.split('\n')[0]!.slice(0, 160)}) and we report nothing`)
      continue
    }
    if (got.env.incomplete.length && errors.length === 0) continue // unsupported input: nothing to compare
    if (errors.length) {
      failures.push(`${dir}: kubectl builds it but we report ${errors[0]!.message}`)
      continue
    }
    const ours = got.resources.map((r) => canonical(r.obj)).sort()
    if (JSON.stringify(ours) !== JSON.stringify(want.objects)) {
      failures.push(`${dir}:\n  kubectl: ${want.objects.filter((o) => !ours.includes(o)).join('\n  kubectl: ')}\n  ours:    ${ours.filter((o) => !want.objects.includes(o)).join('\n  ours:    ')}`)
    } else agree++
  }
  return {agree, refused, failures}
}

describe('kustomize builds match `kubectl kustomize`', function () {
  before(function () {
    if (!kubectlAvailable()) {
      console.log('    skipped: kubectl is not on PATH')
      this.skip()
    }
  })

  for (const name of existsSync(FIXTURES) ? readdirSync(FIXTURES).sort() : []) {
    it(`in fixture ${name}`, () => {
      const {failures} = compare(join(FIXTURES, name))
      assert.deepEqual(failures, [])
    })
  }

  it('in every kustomization directory of the corpus', function () {
    if (!existsSync(CORPUS)) {
      console.log(`    skipped: corpus not found at ${CORPUS}`)
      this.skip()
    }
    const {agree, refused, failures} = compare(CORPUS)
    assert.deepEqual(failures, [])
    // 79 build; kubectl refuses the argocd stubs (missing files) and the two cilium-ipam duplicates.
    assert.equal(agree, 79)
    assert.equal(refused, 4)
  })
})
