// Issue 14, item 4: referenced inputs, non-manifests, Components and CM002 directories are not unlisted manifests;
// commented-out entries and tests/ or examples/ are deliberate (info).
import assert from 'node:assert/strict'
import {findingsOf, fixture} from '../support/fixtures.js'

describe('CM105 precision (unlisted files that are not forgotten manifests)', () => {
  it('keeps the forgotten manifest, calls deliberate leftovers info, and is quiet for the rest', async () => {
    const found = await findingsOf('CM105', await fixture('precision-unlisted'))
    assert.deepEqual(found.map((f) => `${f.severity} ${f.file}`).sort(), [
      'info apps/web/examples/sample.yaml',
      'info apps/web/networkpolicy.yaml',
      'warning apps/web/forgotten.yaml',
    ])
    assert.match(found.find((f) => f.file === 'apps/web/networkpolicy.yaml')!.message, /commented-out entry/)
  })
})
