// Issue 14, items 2 and 8: SOPS-encrypted values (a SOPS dotenv turned into a Secret by a secretGenerator, SOPS YAML
// Secrets and files) are defined but unknown, never text; a substituteFrom name or valuesKey that depends on one is
// matched against what the cluster has; no output ever shows ciphertext, key material or a Secret's value.
import assert from 'node:assert/strict'
import {join} from 'node:path'
import {runCli} from '../../support/cli.js'
import {FIXTURES, findingsOf, fixture} from '../support/fixtures.js'

const REPO = join(FIXTURES, 'precision-sops')
/** Every fragment of the fixture's ciphertext, key material and Secret values. */
const SECRETS = ['ENC[', 'AES256_GCM', 'bGFiY2lwaGVy', 'c2VjcmV0Y2lwaGVydGV4dA', 'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t', 'BEGIN AGE ENCRYPTED',
  'YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0', 'age1fake', 'Y2FjZXJ0Y2lwaGVydGV4dA', 'Y2FrZXljaXBoZXJ0ZXh0', 'Y2VydGNpcGhlcnRleHQ', 'bWFjY2lwaGVydGV4dA']

describe('SOPS precision (ciphertext is never a value)', () => {
  it('treats SOPS dotenv values as defined but unknown and drops the sops_* metadata keys', async () => {
    const repo = await fixture(REPO)
    const lab = repo.clusters.find((c) => c.name === 'lab')
    assert.ok(lab, `clusters: ${repo.clusters.map((c) => c.name).join(', ')}`)
    const apps = lab.kustomizations.find((k) => k.name === 'apps')!
    assert.deepEqual(apps.variables.get('CLUSTER_NAME'), {...apps.variables.get('CLUSTER_NAME'), value: '', unknown: true})
    assert.equal(apps.variables.get('REGION')?.value, 'eu-west-1')
    assert.equal(apps.variables.get('REGION')?.unknown, undefined)
    assert.ok(![...apps.variables.keys()].some((k) => k.startsWith('sops_')))
    const secret = lab.objects.find((o) => o.object.kind === 'Secret' && o.object.metadata?.name === 'cluster-secrets')!
    assert.match(secret.incomplete ?? '', /SOPS-encrypted clusters\/lab\/cluster-secrets\.sops\.env/)
    const ca = lab.objects.find((o) => o.object.kind === 'Secret' && o.object.metadata?.name === 'cilium-ca')!
    assert.match(ca.incomplete ?? '', /SOPS-encrypted apps\/cilium\/ca\.sops\.yaml/)
  })

  it('CM102: a source produced later in the graph by a generator, named by an encrypted variable, is found; a name nothing fits still fires', async () => {
    const found = await findingsOf('CM102', await fixture(REPO))
    assert.deepEqual(found.map((f) => f.message), [
      'Kustomization flux-system/nowhere substitutes from a ConfigMap named like flux-system/${CLUSTER_NAME}-nothing, which no build of cluster lab produces',
    ])
  })

  it('reads the valuesKey that fits the cluster from the generated ConfigMap, so the mesh checks run', () => {
    const run = runCli(['lint', REPO, '-o', 'json'])
    const report = JSON.parse(run.stdout) as {clusters: {name: string; id?: number}[]; results: {id: string; status: string; reason?: string}[]}
    assert.equal(report.clusters.find((c) => c.name === 'lab')?.id, 7)
    const skipped = report.results.filter((r) => r.status === 'skip' && /^CM2/.test(r.id) && r.id !== 'CM224')
    assert.deepEqual(skipped, [])
  })

  for (const format of ['json', 'text', 'short', 'sarif', 'junit']) {
    it(`never prints ciphertext, key material or Secret values (-o ${format})`, () => {
      for (const extra of [[], ['-v']]) {
        const run = runCli(['lint', REPO, '-o', format, ...extra])
        assert.ok(run.stdout.length > 0, run.stderr)
        for (const s of SECRETS) {
          assert.ok(!run.stdout.includes(s), `-o ${format} ${extra.join(' ')} prints ${s}`)
          assert.ok(!run.stderr.includes(s), `stderr of -o ${format} prints ${s}`)
        }
      }
    })
  }
})
