// Suppression with a reason, from .kubectl-mesh.yaml and from an object's annotation, through the real CLI.
import {strict as assert} from 'node:assert'
import {cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {ROOT, runCli} from '../support/cli.js'

describe('suppression with a reason', () => {
  let repo: string
  beforeEach(() => {
    repo = mkdtempSync(join(tmpdir(), 'kubectl-mesh-suppress-'))
    cpSync(join(ROOT, 'examples', 'mesh-repo'), repo, {recursive: true})
  })
  afterEach(() => rmSync(repo, {recursive: true, force: true}))

  it('.kubectl-mesh.yaml suppress: the finding moves to suppressed[] with its reason and the run passes', () => {
    writeFileSync(join(repo, '.kubectl-mesh.yaml'), 'suppress:\n  - id: CM206\n    cluster: apps\n    reason: apps is being renumbered this week\n')
    const run = runCli(['lint', repo, '-o', 'json'])
    assert.equal(run.code, 0, run.stderr)
    const report = JSON.parse(run.stdout)
    assert.equal(report.findings.filter((f: {id: string}) => f.id === 'CM206').length, 0)
    assert.deepEqual(report.suppressed.map((s: {id: string; cluster: string; reason: string}) => [s.id, s.cluster, s.reason]), [['CM206', 'apps', 'apps is being renumbered this week']])
  })

  it('a suppression for another cluster does not hide the finding', () => {
    writeFileSync(join(repo, '.kubectl-mesh.yaml'), 'suppress:\n  - id: CM206\n    cluster: infra\n    reason: not this one\n')
    assert.equal(runCli(['lint', repo, '-o', 'short']).code, 1)
  })

  it('an entry without a reason or with an unknown id is a usage error naming file:line:column', () => {
    writeFileSync(join(repo, '.kubectl-mesh.yaml'), '# mesh settings\nsuppress:\n  - id: CM206\n')
    const noReason = runCli(['lint', repo])
    assert.equal(noReason.code, 2)
    assert.match(noReason.stderr, /^Error: \.kubectl-mesh\.yaml:3:5: suppress CM206: give a reason/)
    writeFileSync(join(repo, '.kubectl-mesh.yaml'), 'suppress:\n  - id: CM999\n    reason: x\n')
    const unknown = runCli(['lint', repo])
    assert.equal(unknown.code, 2)
    assert.match(unknown.stderr, /\.kubectl-mesh\.yaml:2:9: suppress: unknown check "CM999"/)
  })

  it('a .kubectl-mesh.yaml that is a symlink out of the repository is not read: usage error, nothing suppressed', () => {
    const outside = mkdtempSync(join(tmpdir(), 'kubectl-mesh-outside-'))
    try {
      writeFileSync(join(outside, 'config.yaml'), 'suppress:\n  - id: CM206\n    reason: from outside\n')
      symlinkSync(join(outside, 'config.yaml'), join(repo, '.kubectl-mesh.yaml'))
      const run = runCli(['lint', repo, '-o', 'short'])
      assert.equal(run.code, 2, run.stdout)
      assert.match(run.stderr, /^Error: \.kubectl-mesh\.yaml:1:1: cannot read the configuration/)
    } finally {
      rmSync(outside, {recursive: true, force: true})
    }
  })

  it('the mesh.kubectl.io/suppress annotation suppresses findings about that object only', () => {
    // CM210 fires when the clustermesh-apiserver address is not pinned; the annotation on the HelmRelease accepts it
    // for that object.
    const hr = join(repo, 'kubernetes/infrastructure/networking/cilium/core/app/helmrelease.yaml')
    const text = readFileSync(hr, 'utf8').replace(/\n +annotations:\n +io\.cilium\/lb-ipam-ips: .*/, '')
    writeFileSync(hr, text)
    const before = JSON.parse(runCli(['lint', repo, '--only', 'CM210', '-o', 'json']).stdout)
    assert.deepEqual(before.findings.map((f: {id: string}) => f.id), ['CM210', 'CM210'])
    writeFileSync(hr, text.replace('  name: cilium\n', '  name: cilium\n  annotations:\n    mesh.kubectl.io/suppress: "CM210=the cloud LB keeps its address"\n'))
    const after = runCli(['lint', repo, '--only', 'CM210', '-o', 'json'])
    assert.equal(after.code, 0)
    const report = JSON.parse(after.stdout)
    assert.equal(report.findings.length, 0)
    assert.deepEqual(report.suppressed.map((s: {reason: string}) => s.reason), ['the cloud LB keeps its address', 'the cloud LB keeps its address'])
  })
})
