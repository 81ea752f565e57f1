// A correct three-cluster mesh: every CM2xx check runs and none fires.
import assert from 'node:assert/strict'
import {MESH_CHECKS} from '../../src/lib/checks/mesh/index.js'
import {mesh} from './good-mesh.js'
import {run} from './fixture.js'

describe('mesh: a correct three-cluster mesh', () => {
  it('produces no finding from any CM2xx check', async () => {
    const {findings} = await run(MESH_CHECKS, mesh())
    assert.deepEqual(findings.map((f) => `${f.id} ${f.cluster}: ${f.message}`), [])
  })

  it('passes the cross-cluster checks for every cluster instead of skipping them', async () => {
    const {results} = await run(MESH_CHECKS, mesh())
    const skipped = results.filter((r) => r.status === 'skip').map((r) => `${r.id} ${r.cluster}: ${r.reason}`)
    assert.deepEqual(skipped, [])
    for (const id of ['CM203', 'CM204', 'CM205', 'CM206', 'CM207', 'CM211', 'CM212', 'CM213', 'CM215', 'CM221']) {
      const passed = results.filter((r) => r.id === id && r.status === 'pass').map((r) => r.cluster).sort()
      assert.deepEqual(passed, ['apps', 'edge', 'infra'], id)
    }
  })
})
