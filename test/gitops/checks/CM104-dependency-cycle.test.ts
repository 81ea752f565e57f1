import assert from 'node:assert/strict'
import {findingsOf, fixture, where} from '../support/fixtures.js'

describe('CM104 dependency-cycle', () => {
  it('fires for Kustomization and HelmRelease cycles and for waiting on a child of its own build', async () => {
    const found = await findingsOf('CM104', await fixture('wiring-errors'))
    const lines = found.map((f) => `${where(f)} ${f.message}`)
    assert.ok(lines.some((l) => l.startsWith('kubernetes/clusters/lab/apps.yaml:64:7 Kustomization flux-system/parent depends on flux-system/child, which only exists because flux-system/parent applies it')), lines.join('\n'))
    assert.ok(lines.some((l) => /Kustomizations depend on each other in a cycle: flux-system\/database -> flux-system\/web -> flux-system\/database/.test(l)))
    assert.ok(lines.some((l) => /HelmReleases depend on each other in a cycle: apps\/alpha -> apps\/beta -> apps\/alpha/.test(l)))
    assert.equal(found.length, 3)
  })

  it('stays quiet on a dependency chain without cycles', async () => {
    assert.deepEqual(await findingsOf('CM104', await fixture('mesh-pair')), [])
  })
})
