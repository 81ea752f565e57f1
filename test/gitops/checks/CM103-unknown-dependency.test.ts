import assert from 'node:assert/strict'
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
