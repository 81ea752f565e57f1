// One run in which every live check fires at once (a mesh with many things wrong, plus a dead context): doctor
// keeps going past each problem and reports all of them, where cilium-cli stops at the first missing object.
import {strict as assert} from 'node:assert'
import {issueCert, requireBinaries, useTestEnv} from '../env/index.js'
import {NS, apply, apps, b64, cilium, core, remove, setStatus} from './api.js'
import {mintMeshCA} from './ca.js'
import {deadServer, writeKubeconfigWith} from './contexts.js'
import {agentPodObject, configMap, externalSecret, globalService, meshSecret, meshSecretData, seedMeshCluster, serviceObject} from './mesh.js'
import {startTestMesh, stopTestMesh, type TestMesh} from './setup.js'
import {fired, LIVE_IDS} from './support.js'

describe('doctor: every live check in one run', function () {
  this.timeout(60_000)
  useTestEnv()
  let mesh: TestMesh

  before(async function () {
    requireBinaries(this, ['etcd', 'kube-apiserver', 'cilium-crds'])
    this.timeout(240_000)
    mesh = await startTestMesh()
  })
  after(() => stopTestMesh(mesh))

  it('CM301-CM311 and CM401-CM408 all fire, each about the cluster that has the problem', async () => {
    const [alpha, beta, gamma] = mesh.clusters
    const [a, b, g] = mesh.specs
    // gamma: another CA (CM401), Cilium 1.17 (CM407), 511 (CM406), cluster-name "default" with alpha's id (CM304, CM402),
    // no agent DaemonSet (CM302), a pending LoadBalancer (CM306), a PodCIDR inside alpha's (CM403).
    await seedMeshCluster(gamma, {...g, ca: await mintMeshCA(), version: 'v1.17.9'})
    await apply(gamma, core('configmaps'), {...configMap({...g, id: 1, maxConnected: '511'}), data: {...configMap({...g, id: 1, maxConnected: '511'}).data, 'cluster-name': 'default'}})
    await remove(gamma, `${apps('daemonsets')}/cilium`)
    await apply(gamma, core('services'), serviceObject(g, null))
    await apply(gamma, cilium('ciliumnodes'), {apiVersion: 'cilium.io/v2', kind: 'CiliumNode', metadata: {name: 'gamma-node-0'}, spec: {ipam: {podCIDRs: ['10.11.0.0/23']}}})
    // alpha: an agent not ready (CM303), a "config" entry (CM308), its ExternalSecret failing (CM309), an expired client
    // certificate (CM310), its agents not connected to beta (CM311).
    await apply(alpha, core('pods'), agentPodObject(a, 1, false))
    await setStatus(alpha, `${apps('daemonsets')}/cilium`, {currentNumberScheduled: 2, desiredNumberScheduled: 2, numberMisscheduled: 0, numberReady: 1, updatedNumberScheduled: 2})
    await apply(alpha, core('secrets'), meshSecret(a, 'clustermesh', {...meshSecretData(a, 'clustermesh'), config: b64('endpoints:\n- https://10.99.9.9:2379\n')}))
    await apply(alpha, `/apis/external-secrets.io/v1/namespaces/${NS}/externalsecrets`, externalSecret(false))
    const expired = await issueCert(a.ca, {cn: 'remote', usage: 'client', notBefore: new Date(Date.now() - 86_400_000 * 30), notAfter: new Date(Date.now() - 60_000)})
    await apply(alpha, core('secrets'), {apiVersion: 'v1', kind: 'Secret', type: 'kubernetes.io/tls', metadata: {name: 'clustermesh-apiserver-remote-cert', namespace: NS}, data: {'tls.crt': b64(expired.cert), 'tls.key': b64(expired.key), 'ca.crt': b64(a.ca.cert)}})
    mesh.remotes = (spec, _req, normal) => (spec.name === 'alpha' ? normal.map((r) => (r.name === 'beta' ? {...r, ready: false, numFailures: 9} : r)) : normal)
    // beta: clustermesh-apiserver not ready (CM305), moved to another IP (CM307, CM405), no entry for alpha (CM404),
    // a global Service with other ports than alpha's (CM408).
    await setStatus(beta, `${apps('deployments')}/clustermesh-apiserver`, {replicas: 1, readyReplicas: 0})
    await apply(beta, core('services'), serviceObject(b, '10.99.2.7'))
    const {alpha: _, ...withoutAlpha} = meshSecretData(b, 'kvstoremesh')
    await apply(beta, core('secrets'), meshSecret(b, 'kvstoremesh', withoutAlpha))
    await globalService(beta, {name: 'rebel-base', ports: [{name: 'http', port: 8080}], ready: 1})

    const kubeconfig = writeKubeconfigWith(mesh.clusters, [{name: 'dead', server: await deadServer()}])
    const report = await mesh.doctor({kubeconfig, contexts: [...mesh.clusters.map((c) => c.name), 'dead']})
    fired(report, LIVE_IDS)
    // beta lacks alpha (CM308, CM404); gamma, renamed "default", is listed by nobody under that name (CM404 for alpha).
    // By context: `cluster` is the Cilium name (gamma is "default" here), `context` the context it was read through.
    const where = (id: string) => [...new Set(report.findings.filter((f) => f.id === id).map((f) => f.context ?? f.cluster))].sort()
    assert.deepEqual(
      Object.fromEntries(LIVE_IDS.map((id) => [id, where(id)])),
      {
        CM301: ['dead'], CM302: ['doctor-3'], CM303: ['doctor-1'], CM304: ['doctor-3'], CM305: ['doctor-2'], CM306: ['doctor-3'],
        CM307: ['doctor-2'], CM308: ['doctor-1', 'doctor-2'], CM309: ['doctor-1'], CM310: ['doctor-1'], CM311: ['doctor-1'],
        CM401: ['doctor-3'], CM402: ['doctor-3'], CM403: ['doctor-3'], CM404: ['doctor-1', 'doctor-2'], CM405: ['doctor-1'], CM406: ['doctor-3'],
        CM407: ['doctor-3'], CM408: ['doctor-2'],
      },
    )
  })
})
