import assert from 'node:assert/strict'
import {findingsOf, fixture, where} from '../support/fixtures.js'

describe('CM105 unreferenced-manifest', () => {
  it('fires for a YAML file beside a kustomization.yaml that does not list it', async () => {
    const found = await findingsOf('CM105', await fixture('wiring-errors'))
    assert.deepEqual(found.map(where), ['kubernetes/apps/web/forgotten.yaml:1:1'])
    assert.equal(found[0]!.severity, 'warning')
  })

  it('stays quiet when every YAML file below the builds is included (generator inputs count)', async () => {
    assert.deepEqual(await findingsOf('CM105', await fixture('mesh-pair')), [])
  })
})
