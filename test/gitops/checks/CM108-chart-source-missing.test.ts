import assert from 'node:assert/strict'
import {CORPUS, findingsOf, fixture, where} from '../support/fixtures.js'

describe('CM108 chart-source-missing', () => {
  it('fires for a sourceRef whose namespace defaults to the release\'s and for a chartRef no build makes', async () => {
    const found = await findingsOf('CM108', await fixture('versions-sources'))
    assert.deepEqual(found.map((f) => `${where(f)} ${f.resource?.name}`).sort(), [
      'kubernetes/apps/releases/releases.yaml:14:15 wrong-namespace',
      'kubernetes/apps/releases/releases.yaml:26:11 no-source',
    ])
    assert.ok(found.some((f) => /HelmRepository apps\/podinfo, which no build of cluster lab produces \(there is one in namespace flux-system: set spec\.chart\.spec\.sourceRef\.namespace\)/.test(f.message)))
    assert.ok(found.every((f) => f.severity === 'error'))
  })

  it('stays quiet for sources that exist, including the bootstrap GitRepository that is not in git', async () => {
    const found = await findingsOf('CM108', await fixture('versions-sources'))
    assert.ok(!found.some((f) => ['good-repository', 'good-oci', 'local-chart'].includes(f.resource?.name ?? '')))
    for (const name of ['mesh-pair', 'wiring-errors', 'versions-pins', 'layout-flux-operator-3', 'layout-hub-spoke']) {
      assert.deepEqual(await findingsOf('CM108', await fixture(name)), [], name)
    }
    assert.deepEqual(await findingsOf('CM108', await fixture(CORPUS)), [])
  })
})
