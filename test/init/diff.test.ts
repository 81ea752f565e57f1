// The plan's diff is a real unified diff: GNU patch applies it to the old file and gets the new one.
import assert from 'node:assert/strict'
import {spawnSync} from 'node:child_process'
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {planDiff, unifiedDiff} from '../../src/lib/init/diff.js'
import {FIXTURES} from './support.js'

const has = (cmd: string) => spawnSync(cmd, ['--version']).status === 0

describe('init: unified diff', () => {
  let dir: string
  before(function () {
    if (!has('patch')) {
      console.log('      skipped: GNU patch not installed')
      this.skip()
    }
    dir = mkdtempSync(join(tmpdir(), 'kubectl-mesh-diff-'))
  })
  after(() => dir && rmSync(dir, {recursive: true, force: true}))

  const apply = (before: string, after: string) => {
    writeFileSync(join(dir, 'f.yaml'), before)
    const diff = unifiedDiff({path: 'f.yaml', before, after, why: []})
    const r = spawnSync('patch', ['-s', '-p1', '-d', dir], {input: `${diff}\n`, encoding: 'utf8'})
    assert.equal(r.status, 0, `${r.stdout}${r.stderr}\n${diff}`)
    return readFileSync(join(dir, 'f.yaml'), 'utf8')
  }

  it('round-trips through patch between two clusters\' settings files (many hunks)', () => {
    const a = readFileSync(join(FIXTURES, 'cluster-names-3/kubernetes/clusters/infra/cluster-settings.yaml'), 'utf8')
    const b = readFileSync(join(FIXTURES, 'cluster-names-3/kubernetes/clusters/lab/cluster-settings.yaml'), 'utf8')
    assert.equal(apply(a, b), b)
    assert.equal(apply(b, a), a)
  })

  it('round-trips insertions at the start, the end and in the middle, and deletions', () => {
    const lines = Array.from({length: 40}, (_, i) => `k${i}: v${i}`)
    const text = (l: string[]) => `${l.join('\n')}\n`
    const edited = ['first: 1', ...lines.slice(0, 10), 'mid: 2', ...lines.slice(10, 30), ...lines.slice(33), 'last: 3']
    assert.equal(apply(text(lines), text(edited)), text(edited))
  })

  it('shows a new file against /dev/null and prints nothing for an unchanged one', () => {
    const diff = planDiff([{path: 'n.yaml', after: 'a: 1\nb: 2\n', why: []}])
    assert.equal(diff, '--- /dev/null\n+++ b/n.yaml\n@@ -0,0 +1,2 @@\n+a: 1\n+b: 2')
    assert.equal(unifiedDiff({path: 'x', before: 'a\n', after: 'a\n', why: []}), '--- a/x\n+++ b/x')
  })
})
