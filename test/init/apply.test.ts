// The applier writes all or nothing, inside the repository only: symlinks out of it, symlinked targets and
// files changed since the plan are refused before anything is written; an interruption removes its traces.
import assert from 'node:assert/strict'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {applyChanges, InterruptedError} from '../../src/lib/init/apply.js'
import {fingerprint} from './support.js'

describe('init: atomic, contained writes', () => {
  let base: string
  let repo: string
  let outside: string
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'kubectl-mesh-apply-'))
    repo = join(base, 'repo')
    outside = join(base, 'outside')
    mkdirSync(join(repo, 'kubernetes', 'clusters', 'infra'), {recursive: true})
    mkdirSync(outside)
    writeFileSync(join(repo, 'kubernetes', 'clusters', 'infra', 'settings.yaml'), 'a: 1\n')
  })
  afterEach(() => rmSync(base, {recursive: true, force: true}))

  it('creates directories and files and edits files in one go', async () => {
    const written = await applyChanges(repo, [
      {path: 'kubernetes/clusters/edge/deep/new.yaml', after: 'b: 2\n', why: []},
      {path: 'kubernetes/clusters/infra/settings.yaml', before: 'a: 1\n', after: 'a: 1\nc: 3\n', why: []},
    ])
    assert.deepEqual(written, ['kubernetes/clusters/edge/deep/new.yaml', 'kubernetes/clusters/infra/settings.yaml'])
    assert.equal(readFileSync(join(repo, 'kubernetes/clusters/edge/deep/new.yaml'), 'utf8'), 'b: 2\n')
    assert.equal(readFileSync(join(repo, 'kubernetes/clusters/infra/settings.yaml'), 'utf8'), 'a: 1\nc: 3\n')
    assert.ok(!readdirSync(join(repo, 'kubernetes/clusters/infra')).some((f) => f.endsWith('.tmp')))
  })

  it('refuses a directory symlink that leads out of the repository, before writing anything', async () => {
    symlinkSync(outside, join(repo, 'kubernetes', 'clusters', 'edge'))
    const before = fingerprint(repo)
    await assert.rejects(
      applyChanges(repo, [
        {path: 'kubernetes/clusters/aaa/first.yaml', after: 'x: 1\n', why: []},
        {path: 'kubernetes/clusters/edge/settings.yaml', after: 'x: 1\n', why: []},
      ]),
      /symlink to .*outside, outside the repository/,
    )
    assert.deepEqual(readdirSync(outside), [])
    assert.deepEqual(fingerprint(repo), before)
  })

  it('refuses to write through a symlinked file, or a path that climbs out', async () => {
    writeFileSync(join(outside, 'target.yaml'), 'secret: keep\n')
    symlinkSync(join(outside, 'target.yaml'), join(repo, 'link.yaml'))
    await assert.rejects(applyChanges(repo, [{path: 'link.yaml', before: 'secret: keep\n', after: 'x: 1\n', why: []}]), /is a symlink/)
    await assert.rejects(applyChanges(repo, [{path: '../outside/x.yaml', after: 'x: 1\n', why: []}]), /outside the repository/)
    assert.equal(readFileSync(join(outside, 'target.yaml'), 'utf8'), 'secret: keep\n')
    assert.deepEqual(readdirSync(outside), ['target.yaml'])
  })

  it('refuses a file that changed or appeared since the plan was made', async () => {
    await assert.rejects(applyChanges(repo, [{path: 'kubernetes/clusters/infra/settings.yaml', before: 'a: 0\n', after: 'a: 2\n', why: []}]), /changed since the plan/)
    await assert.rejects(applyChanges(repo, [{path: 'kubernetes/clusters/infra/settings.yaml', after: 'a: 2\n', why: []}]), /appeared since the plan/)
    assert.equal(readFileSync(join(repo, 'kubernetes/clusters/infra/settings.yaml'), 'utf8'), 'a: 1\n')
  })

  it('an interruption while writing leaves no temporary file, no new directory and no edit', async () => {
    const before = fingerprint(repo)
    const controller = new AbortController()
    const pending = applyChanges(
      repo,
      [
        {path: 'kubernetes/clusters/edge/a.yaml', after: 'a: 1\n', why: []},
        {path: 'kubernetes/clusters/edge/b/c.yaml', after: 'c: 1\n', why: []},
        {path: 'kubernetes/clusters/infra/settings.yaml', before: 'a: 1\n', after: 'a: 2\n', why: []},
      ],
      {signal: controller.signal, pauseMs: 200},
    )
    setTimeout(() => controller.abort(), 300)
    await assert.rejects(pending, InterruptedError)
    assert.deepEqual(fingerprint(repo), before)
    assert.ok(!existsSync(join(repo, 'kubernetes/clusters/edge')))
  })
})
