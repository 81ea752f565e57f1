// What doctor does when it cannot see everything: the documented RBAC is enough; a missing permission, a dead
// context and a silent one make the run incomplete (CM301) and skip exactly what they hide, never the rest.
import {strict as assert} from 'node:assert'
import {type Identity, requireBinaries, useTestEnv, writeKubeconfig} from '../env/index.js'
import {execInPod} from '../../src/lib/kube/exec.js'
import {openClusters} from '../../src/lib/kube/index.js'
import {runCli} from '../support/cli.js'
import {deadServer, silentServer, writeKubeconfigWith} from './contexts.js'
import {applyRbac, applyRbacVariant, doctorUser, withoutExec, withoutSecret} from './rbac.js'
import {startTestMesh, stopTestMesh, type TestMesh} from './setup.js'
import {findingOf, fired, statusOf} from './support.js'

describe('doctor: access and reachability', function () {
  this.timeout(60_000)
  useTestEnv()
  let mesh: TestMesh
  let users: Identity[]

  before(async function () {
    requireBinaries(this, ['etcd', 'kube-apiserver', 'cilium-crds'])
    this.timeout(240_000)
    mesh = await startTestMesh()
    await Promise.all(mesh.clusters.map((c) => applyRbac(c)))
    users = await Promise.all(mesh.clusters.map((c) => doctorUser(c, 'mesh-doctor')))
  })
  after(() => stopTestMesh(mesh))

  it('needs exactly docs/rbac.yaml: as a member of kubectl-mesh:doctor every check runs and passes', async () => {
    const g = await mesh.doctor({kubeconfig: writeKubeconfig(mesh.clusters, {users})})
    fired(g, [])
    assert.deepEqual(g.results.filter((r) => r.status !== 'pass').map((r) => `${r.id} ${r.cluster}: ${r.reason}`), [])
  })

  it('docs/rbac.yaml lets exec through authorisation; without its pods/exec rule the API server refuses (403)', async () => {
    const [asDoctor] = await openClusters({kubeconfig: writeKubeconfig(mesh.clusters, {users}), context: [mesh.clusters[0].name], requestTimeoutMs: 5000, env: {}})
    const target = {namespace: 'kube-system', pod: 'cilium-alpha-0', container: 'cilium-agent', command: ['cilium-dbg', 'status', '-o', 'json']}
    const allowed = await execInPod(asDoctor, target)
    // No kubelet runs here: past authorisation, the API server fails to reach the node (never a 403).
    assert.ok(!allowed.ok && allowed.error.kind !== 'forbidden', JSON.stringify(allowed))
    const noExec = await mesh.clusters[0].mintUser('no-exec', [])
    await applyRbacVariant(mesh.clusters[0], 'no-exec', {kind: 'User', name: 'no-exec'}, withoutExec)
    const [refused] = await openClusters({kubeconfig: writeKubeconfig([mesh.clusters[0]], {users: [noExec]}), requestTimeoutMs: 5000, env: {}})
    const denied = await execInPod(refused, target)
    assert.ok(!denied.ok)
    assert.deepEqual({kind: denied.error.kind, resource: denied.error.resource, namespace: denied.error.namespace, name: denied.error.name}, {kind: 'forbidden', resource: 'pods/exec', namespace: 'kube-system', name: 'cilium-alpha-0'})
    // Through doctor: CM301 names the refused exec, and CM311 is skipped for that cluster, not passed.
    const g = await mesh.doctor({kubeconfig: writeKubeconfig([mesh.clusters[0]], {users: [noExec]}), contexts: [mesh.clusters[0].name], exec: undefined})
    fired(g, ['CM301'])
    assert.match(findingOf(g, 'CM301').message, /could not read the agent \(cilium-dbg\) status in 2 pods cilium-alpha-0, cilium-alpha-1: forbidden: cannot exec into pod "cilium-alpha-0" in namespace "kube-system" \(pods\/exec: verb get before Kubernetes 1\.35, create from 1\.35\) \(skipped: CM311\)$/)
    assert.deepEqual(statusOf(g, 'CM311', mesh.clusters[0].name), ['skip'])
  })

  it('CM301: a read RBAC forbids (cilium-ca) is named with verb and resource; CM401 and CM310 skip there, the rest passes', async () => {
    const alpha = mesh.clusters[0]
    const restricted = await alpha.mintUser('no-ca', ['no-ca'])
    await applyRbacVariant(alpha, 'no-ca', {kind: 'Group', name: 'no-ca'}, withoutSecret('cilium-ca'))
    const g = await mesh.doctor({kubeconfig: writeKubeconfig(mesh.clusters, {users: [restricted, users[1], users[2]]})})
    fired(g, ['CM301'])
    const f = findingOf(g, 'CM301', {cluster: alpha.name})
    assert.match(f.message, /^forbidden: get secrets "cilium-ca" in kube-system \(skipped: CM310, CM401\)$/)
    assert.equal(f.incomplete, true)
    assert.deepEqual(statusOf(g, 'CM401', alpha.name), ['skip'])
    assert.deepEqual(statusOf(g, 'CM310', alpha.name), ['skip'])
    assert.deepEqual(statusOf(g, 'CM401', mesh.clusters[1].name), ['pass'], 'the other clusters are still compared')
  })

  it('CM301: a dead context and a silent one are reported; the others are fully checked and not held up', async () => {
    const silent = await silentServer()
    try {
      const kubeconfig = writeKubeconfigWith(mesh.clusters, [{name: 'dead', server: await deadServer()}, {name: 'silent', server: silent.url}])
      const started = Date.now()
      const g = await mesh.doctor({kubeconfig, contexts: [...mesh.clusters.map((c) => c.name), 'dead', 'silent'], requestTimeoutMs: 1500})
      const took = Date.now() - started
      fired(g, ['CM301'])
      assert.match(findingOf(g, 'CM301', {cluster: 'dead'}).message, /^context dead: cannot reach https:\/\/127\.0\.0\.1:\d+: connection refused; nothing in this cluster was checked$/)
      assert.match(findingOf(g, 'CM301', {cluster: 'silent'}).message, /did not answer within 1\.5s/)
      for (const c of mesh.clusters) assert.deepEqual([...new Set(statusOf(g, 'CM405', c.name))], ['pass'], c.name)
      assert.ok(took < 4000, `took ${took} ms: the silent context must cost one request timeout, in parallel with the rest`)
      assert.deepEqual(g.clusters?.filter((c) => c.reachable === false).map((c) => c.name), ['dead', 'silent'])
    } finally {
      await silent.stop()
    }
  })

  it('through the CLI: exit 3 and the other contexts reported when one context is dead; exit 0 when all answer', async () => {
    const kubeconfig = writeKubeconfigWith(mesh.clusters, [{name: 'dead', server: await deadServer()}])
    // CM311 is skipped here: a real API server cannot exec without a kubelet.
    const incomplete = runCli(['doctor', '--kubeconfig', kubeconfig, '--all-contexts', '--skip', 'CM311', '-o', 'json'])
    assert.equal(incomplete.code, 3, incomplete.stderr)
    const report = JSON.parse(incomplete.stdout)
    assert.equal(report.status, 'incomplete')
    assert.deepEqual(report.findings.map((f: {id: string; cluster: string}) => `${f.id} ${f.cluster}`), ['CM301 dead'])
    assert.deepEqual(report.clusters.map((c: {name: string; context: string}) => `${c.context}=${c.name}`), ['doctor-1=alpha', 'doctor-2=beta', 'doctor-3=gamma', 'dead=dead'])
    const healthy = runCli(['doctor', '--kubeconfig', writeKubeconfig(mesh.clusters), '--all-contexts', '--skip', 'CM311', '-o', 'short'])
    assert.equal(healthy.code, 0, healthy.stdout + healthy.stderr)
  })
})
