// Issue 14, item 3: a health check may name any object of the cluster; only what nothing could create is a finding.
import assert from 'node:assert/strict'
import {findingsOf, fixture} from '../support/fixtures.js'

describe('CM106 precision (health checks on objects other parts of the cluster create)', () => {
  it('is quiet for objects of a HelmRelease, of another Kustomization, of a bootstrap installer, and with wait: true', async () => {
    const found = await findingsOf('CM106', await fixture('precision-healthchecks'))
    const quiet = ['flux-system/issuers', 'flux-system/podinfo-ready', 'flux-system/settings-ready', 'flux-system/waits']
    for (const f of found) assert.ok(!quiet.some((k) => f.message.includes(`Kustomization ${k} `)), f.message)
  })

  it('still fires for an object nothing creates and for an apiVersion mismatch', async () => {
    const found = await findingsOf('CM106', await fixture('precision-healthchecks'))
    assert.deepEqual(found.map((f) => `${f.file}:${f.line} ${f.message}`), [
      'clusters/lab/apps.yaml:120 Kustomization flux-system/web checks the health of apps/v1 Deployment web/web-typo, which nothing in cluster lab creates: no build applies it and no HelmRelease or operator installs into namespace web',
      'clusters/lab/apps.yaml:124 Kustomization flux-system/web checks the health of Deployment web/web as apps/v1beta1, but the cluster applies it as apps/v1',
    ])
  })
})
