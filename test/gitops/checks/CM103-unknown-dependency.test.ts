import assert from 'node:assert/strict'
import {runChecks} from '../../../src/lib/checks/engine.js'
import {GITOPS_CHECKS} from '../../../src/lib/checks/gitops/index.js'
import {findingsOf, fixture, where} from '../support/fixtures.js'

describe('CM103 unknown-dependency', () => {
  it('fires for a Kustomization and a HelmRelease depending on something the cluster does not have', async () => {
    const found = await findingsOf('CM103', await fixture('wiring-errors'))
    assert.deepEqual(found.map((f) => where(f)).sort(), ['kubernetes/apps/helm/helmreleases.yaml:51:7', 'kubernetes/clusters/lab/apps.yaml:49:7'])
    assert.ok(found.some((f) => /HelmRelease apps\/gamma depends on HelmRelease apps\/missing-release/.test(f.message)))
    assert.ok(found.some((f) => /flux-system\/database depends on Kustomization flux-system\/not-in-this-cluster/.test(f.message)))
  })

  it('stays quiet when every dependency exists', async () => {
    assert.deepEqual(await findingsOf('CM103', await fixture('mesh-pair')), [])
  })
})

describe('CM103 with a part of the cluster that cannot be rendered, and a file built by two parents', () => {
  it('reports a missing target that no unrenderable file writes, and skips one that such a file writes', async () => {
    const out = await runChecks(GITOPS_CHECKS.filter((c) => c.id === 'CM103'), {repo: await fixture('versions-deps')})
    assert.deepEqual(out.findings.map((f) => `${where(f)} ${f.resource?.namespace}/${f.resource?.name}`).sort(), [
      'kubernetes/apps/team/ks.yaml:14:7 team-a/app',
      'kubernetes/apps/team/ks.yaml:14:7 team-b/app',
      'kubernetes/clusters/lab/base.yaml:16:7 flux-system/base',
    ])
    assert.ok(out.findings.some((f) => /flux-system\/base depends on Kustomization flux-system\/queue, which does not exist/.test(f.message)))
    // Two Kustomizations at one position: each has its finding, and each names the other.
    assert.ok(out.findings.some((f) => /team-a\/app depends on Kustomization team-a\/database.*also makes Kustomization team-b\/app/.test(f.message)))
    assert.ok(out.findings.some((f) => /team-b\/app depends on Kustomization team-b\/database.*also makes Kustomization team-a\/app/.test(f.message)))
    // "cache" is written in kubernetes/apps/broken, whose build fails: it may exist, so that dependency is skipped.
    const skip = out.results.find((r) => r.id === 'CM103' && r.cluster === 'lab')
    assert.equal(skip?.status, 'fail')
    assert.ok(!out.findings.some((f) => /flux-system\/cache/.test(f.message)))
  })
})
