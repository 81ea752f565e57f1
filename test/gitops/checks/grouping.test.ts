// The checks that repeat on a real repository say which occurrences are one mistake (Finding.group).
import assert from 'node:assert/strict'
import {existsSync} from 'node:fs'
import {groupFindings} from '../../../src/lib/report/group.js'
import {CORPUS, findingsOf, fixture} from '../support/fixtures.js'

describe('group keys of repeated findings (real repository)', function () {
  before(function () {
    if (!existsSync(CORPUS)) {
      console.log(`      skipped: corpus not found at ${CORPUS}`)
      this.skip()
    }
  })

  it('CM101: one per (Flux Kustomization, variable), with every place', async () => {
    const found = await findingsOf('CM101', await fixture(CORPUS))
    const undefinedVars = found.filter((f) => f.group)
    assert.ok(undefinedVars.length >= 100, `${undefinedVars.length} occurrences`)
    const shown = groupFindings(found)
    assert.ok(shown.length < found.length / 2, `${found.length} occurrences shown as ${shown.length}`)
    const name = shown.find((s) => s.first.cluster === 'apps' && s.first.group === 'flux-system/cloudnative-pg-shared-cluster ${CNPG_SHARED_CLUSTER_NAME}')
    assert.ok(name && name.occurrences.length > 10)
    assert.match(name.message, /^\$\{CNPG_SHARED_CLUSTER_NAME\} is not defined for Kustomization flux-system\/cloudnative-pg-shared-cluster \(variables come from/)
    // Substitutions Flux refuses are each their own finding.
    assert.ok(found.filter((f) => !f.group).every((f) => /^Flux cannot apply Kustomization/.test(f.message)))
  })

  it('CM105: files of a directory no build reads are one finding; CM107: one per (apiVersion, kind); CM103: one per missing dependency', async () => {
    const repo = await fixture(CORPUS)
    const cm105 = groupFindings(await findingsOf('CM105', repo))
    // (kubernetes/infrastructure/gitops/ is not one: its kustomizations have CM002, which says what is wrong there.)
    assert.equal(cm105.find((s) => s.first.group === 'kubernetes/infrastructure/networking/cilium/ipam/apps/')?.occurrences.length, 3)
    const cm107 = groupFindings(await findingsOf('CM107', repo))
    const es = cm107.find((s) => s.first.cluster === 'apps' && s.first.group === 'external-secrets.io/v1beta1 ExternalSecret')
    assert.ok(es && es.occurrences.length >= 5)
    // external-secrets 0.20.4 no longer serves v1beta1: an error, one per (apiVersion, kind) like the warnings.
    assert.equal(es.first.severity, 'error')
    assert.match(es.message, /^ExternalSecret objects use external-secrets\.io\/v1beta1, which external-secrets 0\.20\.4 .* no longer serves .*; use external-secrets\.io\/v1$/)
    const cm103 = groupFindings(await findingsOf('CM103', repo))
    const missing = cm103.find((s) => s.first.cluster === 'apps' && s.first.group === 'Kustomization flux-system/cluster-infra-infrastructure')
    assert.equal(missing?.occurrences.length, 2)
  })
})
