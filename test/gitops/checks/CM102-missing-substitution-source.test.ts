import assert from 'node:assert/strict'
import {findingsOf, fixture, where} from '../support/fixtures.js'

describe('CM102 missing-substitution-source', () => {
  it('fires for a substituteFrom ConfigMap no build produces, not for an optional Secret', async () => {
    const found = await findingsOf('CM102', await fixture('wiring-errors'))
    assert.deepEqual(found.map((f) => [where(f), f.cluster]), [['kubernetes/clusters/lab/apps.yaml:29:9', 'lab']])
    assert.match(found[0]!.message, /ConfigMap flux-system\/settings-nobody-creates, which no build of cluster lab produces/)
  })

  it('stays quiet when the sources are rendered (ConfigMap, SOPS Secret) or optional', async () => {
    assert.deepEqual(await findingsOf('CM102', await fixture('mesh-pair')), [])
  })
})
