// The planner and the applier on the four fixture repositories (both naming schemes, 2 and 3 clusters):
// the new cluster in each one's own shape, existing files only gaining lines, the real lint pipeline without
// an error, the mesh model holding the new cluster's facts, and a second plan with nothing to change.
import assert from 'node:assert/strict'
import {applyChanges} from '../../src/lib/init/apply.js'
import {resolveAnswers} from '../../src/lib/init/answers.js'
import {planInit} from '../../src/lib/init/planner.js'
import type {Answers, Plan} from '../../src/lib/init/types.js'
import {meshOf} from '../../src/lib/init/validate.js'
import {loadRepository} from '../../src/lib/lint/load.js'
import type {MeshCluster} from '../../src/lib/mesh/types.js'
import {cleanRepos, lintErrors, modelOf, read, repoCopy} from './support.js'

/** Every line of `before` is still in `after`, in order: the edit only added lines. */
function onlyAdds(before: string, after: string): boolean {
  const a = before.split('\n')
  let i = 0
  for (const line of after.split('\n')) if (line === a[i]) i++
  return i === a.length
}

async function addEdge(fixture: string, given: Record<string, string> = {}): Promise<{dir: string; plan: Plan; answers: Answers}> {
  const dir = repoCopy(fixture)
  const loaded = await loadRepository(dir)
  const resolved = resolveAnswers({name: 'edge', ...given}, meshOf(loaded.model.clusters))
  assert.deepEqual([...resolved.problems, ...resolved.missing], [])
  const plan = planInit({loaded, answers: resolved.answers!, repoArg: dir})
  for (const c of plan.changes.filter((x) => x.before !== undefined)) assert.ok(onlyAdds(c.before!, c.after), `${c.path} lost a line`)
  await applyChanges(loaded.repo.root, plan.changes)
  return {dir, plan, answers: resolved.answers!}
}

function assertFacts(edge: MeshCluster | undefined, a: Answers): void {
  assert.ok(edge, 'the new cluster is rendered')
  const v = <T>(f: {known: boolean; value?: T}) => (f.known ? f.value : undefined)
  assert.equal(v(edge.clusterName), a.name)
  assert.equal(v(edge.clusterId), a.id)
  assert.deepEqual(v(edge.podCIDRs)?.map((c) => c.cidr), a.podCIDRs)
  assert.deepEqual(v(edge.serviceCIDRs)?.map((c) => c.cidr), a.serviceCIDRs)
  assert.equal(v(edge.clustermesh.lbIPs)?.[0]?.ip, a.lbIP)
}

async function assertIdempotent(dir: string, answers: Answers): Promise<void> {
  const again = planInit({loaded: await loadRepository(dir), answers, repoArg: dir})
  assert.deepEqual(again.changes.map((c) => c.path), [], 'a second run changes nothing')
}

describe('init: plan and apply on fixture repositories', () => {
  after(cleanRepos)

  it('CILIUM_CLUSTER_* scheme, 2 clusters (the example\'s shape): settings copied by role, secret store paths', async () => {
    const {dir, plan, answers} = await addEdge('cilium-names-2')
    assert.equal(plan.template, 'apps')
    assert.deepEqual(plan.changes.map((c) => c.path), [
      'kubernetes/clusters/edge/cluster-settings.yaml', 'kubernetes/clusters/edge/flux-system/gotk-sync.yaml',
      'kubernetes/clusters/edge/flux-system/kustomization.yaml', 'kubernetes/clusters/edge/infrastructure.yaml',
    ])
    const settings = read(dir, 'kubernetes/clusters/edge/cluster-settings.yaml')
    assert.match(settings, /# Cluster identity \(Cilium cluster.name \/ cluster.id\)\n {2}CILIUM_CLUSTER_NAME: "edge"\n {2}CILIUM_CLUSTER_ID: "3"/)
    assert.match(settings, /CILIUM_LB_POOL_START: "10\.25\.11\.140"\n {2}CILIUM_LB_POOL_END: "10\.25\.11\.159"/)
    assert.match(settings, /CILIUM_CLUSTERMESH_SECRET_PATH: "kubernetes\/edge\/cilium-clustermesh"/)
    assert.match(read(dir, 'kubernetes/clusters/edge/flux-system/gotk-sync.yaml'), /name: cluster-edge-config\n[^]*path: \.\/kubernetes\/clusters\/edge\n/)
    assert.deepEqual(await lintErrors(dir), [])
    assertFacts((await modelOf(dir)).clusters.find((c) => c.name === 'edge'), answers)
    assert.deepEqual(plan.followUps.secrets.map((s) => [s.path, s.keys.map((k) => k.name).join()]), [
      ['kubernetes/edge/cilium-clustermesh', 'apps,infra'], ['kubernetes/apps/cilium-clustermesh', 'edge'], ['kubernetes/infra/cilium-clustermesh', 'edge'],
    ])
    assert.deepEqual(plan.followUps.dns, {name: 'edge-cilium-apiserver.example.io', address: '10.25.11.140'})
    await assertIdempotent(dir, answers)
  })

  it('CLUSTER/CLUSTER_ID/CLUSTERMESH_IP scheme, 3 clusters: variable families, pools dir, static peer list', async () => {
    const {dir, plan, answers} = await addEdge('cluster-names-3')
    assert.equal(plan.template, 'lab')
    const edge = read(dir, 'kubernetes/clusters/edge/cluster-settings.yaml')
    for (const line of [
      `POD_CIDR: '["10.250.0.0/16"]'`, 'POD_CIDR_STRING: "10.250.0.0/16"', `SERVICE_CIDR: '["10.251.0.0/16"]'`,
      'COREDNS_CLUSTER_IP: "10.251.0.10"', 'K8S_SERVICE_HOST: "edge-k8s.example.net"', 'CLUSTERMESH_IP: "10.25.11.160"',
      'CILIUM_CLUSTERMESH_FQDN: "clustermesh-edge.example.net"', 'CILIUM_CLUSTERMESH_LAB_FQDN: "clustermesh-lab.example.net"',
      'CILIUM_GATEWAY_LB_IP: "10.25.11.170"', 'EDGE_POOL_DISABLED: "false"', 'LAB_POOL_DISABLED: "true"',
      'ONEPASSWORD_VAULT_NAME: "Infra"  # one vault for every cluster', '    cluster: edge',
    ])
      assert.ok(edge.includes(line), `edge settings: ${line}`)
    assert.doesNotMatch(edge, /CILIUM_CLUSTERMESH_EDGE_FQDN/)
    for (const c of ['infra', 'apps', 'lab']) {
      const s = read(dir, `kubernetes/clusters/${c}/cluster-settings.yaml`)
      assert.match(s, /CILIUM_CLUSTERMESH_EDGE_FQDN: "clustermesh-edge\.example\.net"/)
      assert.match(s, /EDGE_POOL_DISABLED: "true"/)
    }
    assert.match(read(dir, 'kubernetes/infrastructure/networking/cilium/ipam/pools/kustomization.yaml'), /- lab\n {2}- edge\n$/)
    assert.match(read(dir, 'kubernetes/infrastructure/networking/cilium/ipam/pools/edge/lb-ippool-edge.yaml'), /^# LoadBalancer addresses of edge[^]*name: edge-pool[^]*disabled: \$\{EDGE_POOL_DISABLED\}[^]*start: "10\.25\.11\.160"\n\s+stop: "10\.25\.11\.179"/)
    assert.match(read(dir, 'kubernetes/infrastructure/networking/cilium/core/app/helmrelease.yaml'), /- name: edge\n {12}address: clustermesh-edge\.example\.net\n {12}port: 2379\n$/)
    assert.deepEqual(plan.review, ['CILIUM_BGP_LOCAL_ASN'])
    assert.match(plan.followUps.bootstrap!, /^flux bootstrap github --owner=example --repository=mesh-gitops --branch=main --path=kubernetes\/clusters\/edge$/)
    assert.deepEqual(await lintErrors(dir), [])
    const model = await modelOf(dir)
    assertFacts(model.clusters.find((c) => c.name === 'edge'), answers)
    for (const c of model.clusters) assert.ok(c.clustermesh.peers.known && c.clustermesh.peers.value.some((p) => p.name === 'edge'), `${c.name} peers with edge`)
    await assertIdempotent(dir, answers)
  })

  it('CLUSTER scheme, 2 clusters: the template\'s own family member becomes a peer member', async () => {
    const {dir, answers} = await addEdge('cluster-names-2', {id: '7', podCIDR: '10.100.0.0/16', serviceCIDR: '10.101.0.0/16', lbPool: '10.25.12.0-10.25.12.19', lbIP: '10.25.12.5'})
    const edge = read(dir, 'kubernetes/clusters/edge/cluster-settings.yaml')
    assert.match(edge, /CLUSTER_ID: "7"/)
    assert.match(edge, /COREDNS_CLUSTER_IP: "10\.101\.0\.10"/)
    assert.match(edge, /CILIUM_CLUSTERMESH_APPS_FQDN[^]*CILIUM_GATEWAY_LB_IP: "10\.25\.12\.10"/)
    assert.deepEqual(await lintErrors(dir), [])
    assertFacts((await modelOf(dir)).clusters.find((c) => c.name === 'edge'), answers)
    await assertIdempotent(dir, answers)
  })

  it('CILIUM_CLUSTER_* scheme, 3 clusters: per-cluster releases with their own peers, .kubectl-mesh.yaml, SOPS copy', async () => {
    const {dir, plan, answers} = await addEdge('cilium-names-3')
    assert.match(read(dir, '.kubectl-mesh.yaml'), /- name: lab\n {4}path: kubernetes\/clusters\/lab\n {2}- name: edge\n {4}path: kubernetes\/clusters\/edge\n$/)
    const release = read(dir, 'kubernetes/infrastructure/networking/cilium/releases/edge/helmrelease.yaml')
    assert.match(release, /^# The Cilium release of edge/)
    assert.deepEqual([...release.matchAll(/- name: (\w+)/g)].map((m) => m[1]), ['infra', 'apps', 'lab'])
    assert.match(read(dir, 'kubernetes/infrastructure/networking/cilium/releases/edge/pool.yaml'), /cidr: "10\.90\.0\.192\/27"/)
    assert.match(read(dir, 'kubernetes/clusters/edge/cilium.yaml'), /path: \.\/kubernetes\/infrastructure\/networking\/cilium\/releases\/edge\n/)
    assert.equal(read(dir, 'kubernetes/clusters/edge/cluster-secrets.sops.yaml'), read(dir, 'kubernetes/clusters/lab/cluster-secrets.sops.yaml'))
    assert.match(plan.followUps.manual.join(), /cluster-secrets\.sops\.yaml is a copy of lab's SOPS file/)
    for (const c of ['infra', 'apps', 'lab'])
      assert.match(read(dir, `kubernetes/infrastructure/networking/cilium/releases/${c}/helmrelease.yaml`), /- name: edge\n {12}address: edge\.mesh\.example\.org\n {12}port: 2379\n {12}ips:\n {14}- 10\.90\.0\.196\n$/)
    assert.deepEqual(await lintErrors(dir), [])
    assertFacts((await modelOf(dir)).clusters.find((c) => c.name === 'edge'), answers)
    await assertIdempotent(dir, answers)
  })
})
