// Where clusters come from: Flux entry points found in the repository, or .kubectl-mesh.yaml `clusters:`;
// a bad declaration is a usage error (exit 2) naming file:line:column; no cluster at all is CM004.
import assert from 'node:assert/strict'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {UsageError} from '../../src/lib/cli/errors.js'
import {MeshConfigError} from '../../src/lib/gitops/config.js'
import {renderRepository} from '../../src/lib/gitops/render.js'
import {FIXTURES} from './support/fixtures.js'

describe('cluster entry points', () => {
  let root: string
  const put = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), {recursive: true})
    writeFileSync(join(root, rel), text)
  }
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mesh-clusters-'))
    put('deploy/prod/app.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: default\ndata:\n  k: v\n')
  })
  afterEach(() => rmSync(root, {recursive: true, force: true}))

  it('reports CM004 when nothing looks like a cluster, saying what was looked for and how to declare one', async () => {
    const repo = await renderRepository(root)
    assert.deepEqual(repo.clusters, [])
    assert.deepEqual(repo.findings.map((f) => f.id), ['CM004'])
    assert.match(repo.findings[0]!.message, /flux-system/)
    assert.match(repo.findings[0]!.message, /\.kubectl-mesh\.yaml as clusters: \[\{name: <name>, path: <entry directory>\}\]/)
  })

  it('renders clusters declared in .kubectl-mesh.yaml, even without a flux-system sync', async () => {
    put('.kubectl-mesh.yaml', '# clusters by hand\nclusters:\n  - name: prod\n    path: ./deploy/prod\n')
    const repo = await renderRepository(root)
    assert.deepEqual(repo.findings, [])
    assert.deepEqual(repo.clusters.map((c) => [c.name, c.entry, c.objects.map((o) => o.object.metadata?.name)]), [['prod', 'deploy/prod', ['app']]])
  })

  for (const [name, config, line, column, text] of [
    ['a path that does not exist', 'clusters:\n  - name: prod\n    path: deploy/nope\n', 3, 11, /path "deploy\/nope": deploy\/nope does not exist/],
    ['a path outside the repository', 'clusters:\n  - name: prod\n    path: ../elsewhere\n', 3, 11, /outside the repository/],
    ['a name that is not a DNS label', 'clusters:\n  - name: Prod_1\n    path: deploy/prod\n', 2, 11, /lower-case DNS label/],
    ['the same name twice', 'clusters:\n  - name: prod\n    path: deploy/prod\n  - name: prod\n    path: deploy/prod\n', 4, 11, /declared twice \(first at line 2\)/],
    ['clusters that is not a list', 'clusters:\n  prod: deploy/prod\n', 2, 3, /must be a list/],
    ['broken YAML', 'clusters: [\n', 2, 1, /invalid YAML/],
  ] as const) {
    it(`refuses ${name} as a usage error at file:line:column`, async () => {
      put('.kubectl-mesh.yaml', config)
      await assert.rejects(renderRepository(root), (error: unknown) => {
        assert.ok(error instanceof MeshConfigError && error instanceof UsageError)
        assert.equal(error.exitCode, 2)
        assert.deepEqual([error.pos.file, error.pos.line, error.pos.column], ['.kubectl-mesh.yaml', line, column])
        assert.match(error.message, text)
        return true
      })
    })
  }

  it('renders only the clusters asked for, and refuses unknown names', async () => {
    const repo = await renderRepository(join(FIXTURES, 'mesh-pair'), {clusters: ['west']})
    assert.deepEqual(repo.clusters.map((c) => c.name), ['west'])
    await assert.rejects(renderRepository(join(FIXTURES, 'mesh-pair'), {clusters: ['north']}), /unknown cluster north; the repository has east, west/)
  })

  it('refuses a repository path that is not a directory', async () => {
    await assert.rejects(renderRepository(join(root, 'nope')), (e: unknown) => e instanceof UsageError)
    await assert.rejects(renderRepository(join(root, 'deploy/prod/app.yaml')), /is not a directory/)
  })
})
