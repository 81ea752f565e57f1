import assert from 'node:assert/strict'
import {findingsOf, fixture, where} from '../support/fixtures.js'

describe('CM101 undefined-variable', () => {
  it('names an unset ${VAR} at its position, and the substitutions Flux refuses', async () => {
    const found = await findingsOf('CM101', await fixture('wiring-errors'))
    const byPlace = Object.fromEntries(found.map((f) => [where(f), f.message]))
    assert.match(byPlace['kubernetes/apps/web/deployment.yaml:22:22']!, /\$\{REGION\} in Deployment web is not defined for Kustomization flux-system\/web/)
    assert.match(byPlace['kubernetes/clusters/lab/cluster-settings.yaml:16:15']!, /'my\.setting' var name is invalid/)
    assert.match(byPlace['kubernetes/apps/syntax/cm.yaml:7:11']!, /flux-system\/dash-default: .*missing closing brace/)
    assert.equal(found.length, 3, found.map((f) => `${where(f)} ${f.message}`).join('\n'))
    assert.ok(found.every((f) => f.cluster === 'lab' && f.severity === 'error'))
  })

  it('stays quiet on defaults (${ZONE:=zone-a}), $${ESCAPES}, disabled objects and defined variables', async () => {
    assert.deepEqual(await findingsOf('CM101', await fixture('mesh-pair')), [])
  })
})
