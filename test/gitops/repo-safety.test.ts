// Reading a repository never leaves its root, never hangs and never crashes: escapes, symlink loops, binary and
// oversized files, alias bombs and kustomization cycles become findings. Cases built in a temporary directory.
import assert from 'node:assert/strict'
import {mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {Kustomizer} from '../../src/lib/gitops/kustomize/build.js'
import {Repo} from '../../src/lib/gitops/repo/repo.js'
import {SafeFs} from '../../src/lib/gitops/repo/safe-fs.js'
import {parseYamlFile} from '../../src/lib/gitops/repo/yaml-file.js'
import {fixture, where} from './support/fixtures.js'

describe('reading a repository safely', () => {
  let root: string
  let outside: string
  const put = (rel: string, text: string | Buffer) => {
    mkdirSync(dirname(join(root, rel)), {recursive: true})
    writeFileSync(join(root, rel), text)
  }
  beforeEach(() => {
    const base = mkdtempSync(join(tmpdir(), 'mesh-repo-'))
    root = join(base, 'repo')
    outside = join(base, 'outside')
    mkdirSync(root)
    mkdirSync(outside)
    writeFileSync(join(outside, 'secret.yaml'), 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: outside\n')
  })
  afterEach(() => rmSync(dirname(root), {recursive: true, force: true}))

  it('refuses paths and symlinks that leave the root, and symlink loops', () => {
    symlinkSync(join(outside, 'secret.yaml'), join(root, 'link.yaml'))
    symlinkSync(outside, join(root, 'linked-dir'))
    symlinkSync('b.yaml', join(root, 'a.yaml'))
    symlinkSync('a.yaml', join(root, 'b.yaml'))
    const fs = new SafeFs(root)
    assert.equal(fs.readText('../outside/secret.yaml').ok, false)
    assert.deepEqual(fs.resolve('../outside/secret.yaml'), {ok: false, problem: 'escape', rel: '../outside/secret.yaml', detail: '../outside/secret.yaml resolves outside the repository'})
    const link = fs.resolve('link.yaml')
    assert.equal(link.ok ? 'ok' : link.problem, 'escape')
    const viaDir = fs.readText('linked-dir/secret.yaml')
    assert.equal(viaDir.ok ? 'ok' : viaDir.problem, 'escape')
    const loop = fs.resolve('a.yaml')
    assert.equal(loop.ok ? 'ok' : loop.problem, 'loop')
    const repo = new Repo(root)
    assert.deepEqual(repo.yamlFiles(), [])
    assert.deepEqual(repo.sink.list.map((f) => [f.id, f.file]).sort(), [['CM002', 'a.yaml'], ['CM002', 'b.yaml'], ['CM002', 'link.yaml'], ['CM002', 'linked-dir']])
  })

  it('walks a directory symlinked to its own parent once', () => {
    put('apps/cm.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n')
    symlinkSync('..', join(root, 'apps/up'))
    assert.deepEqual(new Repo(root).yamlFiles(), ['apps/cm.yaml'])
  })

  it('refuses binary files and files over the size cap (CM001), without reading them whole', () => {
    put('binary.yaml', Buffer.from([0x61, 0x3a, 0x00, 0x01]))
    put('big.yaml', `data: "${'x'.repeat(4096)}"\n`)
    const repo = new Repo(root, {maxFileBytes: 1024})
    assert.equal(repo.load('binary.yaml').ok, false)
    assert.equal(repo.load('big.yaml').ok, false)
    assert.deepEqual(repo.sink.list.map((f) => f.message), [
      'cannot read binary.yaml: binary.yaml is a binary file',
      'cannot read big.yaml: big.yaml is 4105 bytes, over the 1024-byte limit',
    ])
  })

  it('reports the first YAML error with its position and keeps the other documents of the repository', () => {
    const f = parseYamlFile('x.yaml', 'a: 1\n---\nb: [1, 2\nc: 3\n---\nd: 4\n')
    assert.equal(f.error?.pos.file, 'x.yaml')
    assert.equal(f.error?.pos.line, 4)
    assert.deepEqual(f.docs.map((d) => d.value), [{a: 1}, {d: 4}])
  })

  it('stops an alias bomb in milliseconds', () => {
    const levels = ['a: &a [x,x,x,x,x,x,x,x,x]']
    for (let i = 1; i < 12; i++) {
      const p = String.fromCharCode(96 + i)
      const n = String.fromCharCode(97 + i)
      levels.push(`${n}: &${n} [${Array(9).fill(`*${p}`).join(',')}]`)
    }
    const start = performance.now()
    const f = parseYamlFile('bomb.yaml', `${levels.join('\n')}\n`)
    assert.ok(performance.now() - start < 1000)
    assert.match(f.error!.message, /Excessive alias count/)
    assert.deepEqual([f.error!.pos.line, f.error!.pos.column], [2, 8])
  })

  it('reports kustomization cycles instead of recursing', () => {
    put('a/kustomization.yaml', 'resources:\n  - ../b\n')
    put('b/kustomization.yaml', 'resources:\n  - ../a\n')
    const out = new Kustomizer(new Repo(root)).build('a')
    assert.deepEqual(out.env.problems.map((p) => p.message), ['kustomize build fails: cycle detected: b -> a -> b'])
  })

  it('reports every broken input of the broken-inputs fixture at its place', async () => {
    const repo = await fixture('broken-inputs')
    const lines = [...new Set(repo.findings.map((f) => `${f.id} ${where(f)}`))].sort()
    assert.deepEqual(lines, [
      'CM001 kubernetes/apps/alias-bomb/bomb.yaml:6:8',
      'CM001 kubernetes/apps/binary/blob.yaml:1:1',
      'CM001 kubernetes/apps/binary/kustomization.yaml:4:5',
      'CM001 kubernetes/apps/yaml-error/broken.yaml:6:1',
      'CM002 kubernetes/apps/escape/kustomization.yaml:4:5',
      'CM002 kubernetes/apps/missing-file/kustomization.yaml:4:5',
      'CM002 kubernetes/apps/symlink-escape/kustomization.yaml:4:5',
      'CM002 kubernetes/apps/symlink-escape/passwd.yaml:1:1',
      'CM002 kubernetes/apps/symlink-loop/kustomization.yaml:4:5',
      'CM002 kubernetes/apps/symlink-loop/loop-a.yaml:1:1',
      'CM002 kubernetes/apps/symlink-loop/loop-b.yaml:1:1',
      'CM002 kubernetes/clusters/lab/apps.yaml:21:9',
      // OCIRepository other-artifact is not in git: made outside git, so read from this repository (issue 8);
      // its spec.path ./app does not exist here.
      'CM002 kubernetes/clusters/lab/apps.yaml:34:9',
      'CM003 kubernetes/apps/duplicate/two.yaml:2:1',
      'CM005 kubernetes/apps/helm-chart/kustomization.yaml:4:3',
      'CM005 kubernetes/apps/remote/kustomization.yaml:4:5',
      'CM006 kubernetes/apps/bad-patch/kustomization.yaml:6:5',
      'CM006 kubernetes/apps/unknown-field/kustomization.yaml:4:3',
    ])
    // The good part of the same build is still rendered.
    assert.ok(repo.clusters[0]!.objects.some((o) => o.object.metadata?.name === 'good'))
    assert.ok(repo.clusters[0]!.kustomizations.find((k) => k.name === 'apps')!.incomplete!.length > 0)
  })
})
