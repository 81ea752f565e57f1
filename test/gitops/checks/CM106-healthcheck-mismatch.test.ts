import assert from 'node:assert/strict'
import {findingsOf, fixture, where} from '../support/fixtures.js'

describe('CM106 healthcheck-mismatch', () => {
  it('fires for a health check with another apiVersion and for one naming an object not applied', async () => {
    const found = await findingsOf('CM106', await fixture('wiring-errors'))
    const lines = found.map((f) => `${where(f)} ${f.message}`)
    assert.deepEqual(lines, [
      'kubernetes/clusters/lab/apps.yaml:17:7 Kustomization flux-system/web checks the health of Deployment web/web as apps/v1beta2, but the cluster applies it as apps/v1',
      'kubernetes/clusters/lab/apps.yaml:21:7 Kustomization flux-system/web checks the health of v1 Service web/web-does-not-exist, which nothing in cluster lab creates: no build applies it and no HelmRelease or operator installs into namespace web',
    ])
  })

  it('stays quiet when the checked objects are applied with that apiVersion', async () => {
    assert.deepEqual(await findingsOf('CM106', await fixture('mesh-pair')), [])
  })
})
