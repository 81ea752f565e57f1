import assert from 'node:assert/strict'
import {findingsOf, fixture, where} from '../support/fixtures.js'

describe('CM107 deprecated-api', () => {
  it('fires for external-secrets.io/v1beta1 and kustomize.toolkit.fluxcd.io/v1beta2, at the apiVersion line', async () => {
    const found = await findingsOf('CM107', await fixture('wiring-errors'))
    assert.deepEqual(found.map((f) => [where(f), /use (\S+)$/.exec(f.message)?.[1]]).sort(), [
      ['kubernetes/apps/parent/child-ks.yaml:1:13', 'kustomize.toolkit.fluxcd.io/v1'],
      ['kubernetes/apps/web/externalsecret.yaml:1:13', 'external-secrets.io/v1'],
    ])
  })

  it('stays quiet on current apiVersions (cilium.io/v2 pools with Cilium 1.18)', async () => {
    assert.deepEqual(await findingsOf('CM107', await fixture('mesh-pair')), [])
  })
})
