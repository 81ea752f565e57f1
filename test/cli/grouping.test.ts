// The same mistake repeated reads as one finding with its places (text, short); json keeps every occurrence.
import {strict as assert} from 'node:assert'
import {cpSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {runCli} from '../support/cli.js'

const EXAMPLE = 'examples/mesh-repo'

describe('repeated findings through the CLI', () => {
  let repo: string
  before(() => {
    // The example repository plus one undefined variable used in 12 places of one Flux Kustomization
    // (external-secrets-store) and another in a second Kustomization (external-secrets).
    repo = mkdtempSync(join(tmpdir(), 'kubectl-mesh-group-'))
    cpSync(EXAMPLE, repo, {recursive: true})
    const store = join(repo, 'kubernetes/infrastructure/security/external-secrets/store')
    const data = Array.from({length: 12}, (_, i) => `  key${i + 1}: "\${TEAM_NAME}"`).join('\n')
    writeFileSync(join(store, 'teams.yaml'), `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: teams\n  namespace: external-secrets\ndata:\n${data}\n`)
    writeFileSync(join(store, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - clustersecretstore.yaml\n  - teams.yaml\n')
    const app = join(repo, 'kubernetes/infrastructure/security/external-secrets/app')
    writeFileSync(join(app, 'owner.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: owner\n  namespace: external-secrets\ndata:\n  owner: "${OWNER}"\n')
    writeFileSync(join(app, 'kustomization.yaml'), 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - helmrelease.yaml\n  - owner.yaml\n')
  })
  after(() => rmSync(repo, {recursive: true, force: true}))

  const lint = (...args: string[]) => runCli(['lint', repo, '--cluster', 'apps', '--only', 'CM101', ...args])

  it('json keeps every occurrence, each with its group key', () => {
    const run = lint('-o', 'json')
    assert.equal(run.code, 1, run.stderr)
    const findings = JSON.parse(run.stdout).findings as {id: string; group?: string; line?: number}[]
    assert.equal(findings.length, 13)
    const groups = new Map<string, number>()
    for (const f of findings) groups.set(f.group!, (groups.get(f.group!) ?? 0) + 1)
    assert.deepEqual(Object.fromEntries(groups), {'flux-system/external-secrets-store ${TEAM_NAME}': 12, 'flux-system/external-secrets ${OWNER}': 1})
  })

  it('text shows two findings, the repeated one with its places (10, then "… and 2 more"; all with -v)', () => {
    const run = lint()
    assert.equal(run.code, 1, run.stderr)
    const shown = run.stdout.split('\n').filter((l) => /^ {2}✗ CM101 /.test(l))
    assert.equal(shown.length, 2, run.stdout)
    assert.match(run.stdout, /✗ CM101 \$\{TEAM_NAME\} is not defined for Kustomization flux-system\/external-secrets-store \(variables come from ConfigMap cluster-settings\); Flux renders it empty \(12 places\)\n/)
    assert.match(run.stdout, /✗ CM101 \$\{OWNER\} in ConfigMap owner is not defined for Kustomization flux-system\/external-secrets .*\n\s+at kubernetes\/infrastructure\/security\/external-secrets\/app\/owner.yaml:7:11\n/)
    const places = run.stdout.split('\n').filter((l) => /^\s+at kubernetes\/infrastructure\/security\/external-secrets\/store\/teams\.yaml:\d+:\d+$/.test(l))
    assert.equal(places.length, 10)
    assert.match(run.stdout, /… and 2 more/)
    assert.match(run.stdout.trimEnd().split('\n').at(-1)!, /^lint failed: 13 errors, 0 warnings grouped into 2 findings; 1 check, 0 skipped$/)
    const verbose = lint('-v')
    assert.equal(verbose.stdout.split('\n').filter((l) => /^\s+at kubernetes\/.*\/teams\.yaml:\d+:\d+$/.test(l)).length, 12)
    assert.doesNotMatch(verbose.stdout, /and 2 more/)
  })

  it('short is one line per mistake, listing its places', () => {
    const lines = lint('-o', 'short').stdout.trimEnd().split('\n')
    assert.equal(lines.length, 3, lines.join('\n'))
    assert.match(lines[0], /^error CM101 \[apps\] \$\{OWNER\} in ConfigMap owner .* \(kubernetes\/.*\/owner\.yaml:7:11\)$/)
    assert.match(lines[1], /^error CM101 \[apps\] \$\{TEAM_NAME\} is not defined .* \(kubernetes\/.*\/teams\.yaml:7:10, (kubernetes\/.*?\/teams\.yaml:\d+:\d+, ){9}… and 2 more\)$/)
  })

  it('sarif keeps one result per occurrence', () => {
    assert.equal(JSON.parse(lint('-o', 'sarif').stdout).runs[0].results.length, 13)
  })
})

describe('default text and -v through the CLI', () => {
  it('one line per category with the right counts; -v lists every check of every cluster', () => {
    const json = JSON.parse(runCli(['lint', EXAMPLE, '-o', 'json']).stdout) as {results: {id: string; category: string; status: string; cluster?: string}[]}
    const ids = (category: string) => new Set(json.results.filter((r) => r.category === category).map((r) => r.id)).size
    const text = runCli(['lint', EXAMPLE]).stdout
    assert.match(text, new RegExp(`^✓ ${ids('input')} repository input checks passed$`, 'm'))
    assert.match(text, new RegExp(`^✓ ${ids('gitops')} GitOps checks passed on 2 clusters$`, 'm'))
    // A check counts once: failed if it failed anywhere, else skipped if it skipped anywhere, else passed.
    const meshIds = [...new Set(json.results.filter((r) => r.category === 'mesh').map((r) => r.id))]
    const statusOf = (id: string) => {
      const all = json.results.filter((r) => r.id === id).map((r) => r.status)
      return all.includes('fail') ? 'fail' : all.includes('skip') ? 'skip' : 'pass'
    }
    const passed = meshIds.filter((id) => statusOf(id) === 'pass').length
    const skipped = meshIds.filter((id) => statusOf(id) === 'skip').length
    assert.match(text, new RegExp(`^✓ ${passed} of ${meshIds.length} ClusterMesh checks passed on 2 clusters$`, 'm'))
    if (skipped) assert.match(text, new RegExp(`^○ ${skipped} ClusterMesh checks? skipped \\(run with -v to see why\\)$`, 'm'))
    assert.doesNotMatch(text, /✓ CM\d{3}/, 'no checklist by default')
    assert.match(text, /✗ CM206 /)

    const verbose = runCli(['lint', EXAMPLE, '--verbose']).stdout
    for (const r of json.results.filter((x) => x.status === 'pass')) {
      const section = verbose.split(/\n(?=mesh\n|cluster )/).find((s) => s.startsWith(r.cluster ? `cluster ${r.cluster}\n` : 'mesh\n'))!
      assert.match(section, new RegExp(`✓ ${r.id} `), `${r.id} on ${r.cluster ?? 'mesh'}`)
    }
    assert.doesNotMatch(verbose, /checks passed/)
  })
})
