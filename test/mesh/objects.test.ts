// CM217–CM219, CM223, CM224: chart versions, cilium.io kinds, service annotations, policies, global services.
import assert from 'node:assert/strict'
import {CM217} from '../../src/lib/checks/mesh/CM217-cilium-version-skew.js'
import {CM218} from '../../src/lib/checks/mesh/CM218-unknown-cilium-api.js'
import {CM219} from '../../src/lib/checks/mesh/CM219-global-service-annotation.js'
import {CM223} from '../../src/lib/checks/mesh/CM223-policy-unknown-cluster.js'
import {CM224} from '../../src/lib/checks/mesh/CM224-global-service-one-sided.js'
import {brief, lineOf, run, settingsLine, settingsPath} from './fixture.js'
import {ECHO, mesh, POLICY, POOL, SHARED} from './good-mesh.js'

describe('CM217 cilium-version-skew', () => {
  it('fires on the cluster whose chart version differs, at its CILIUM_VERSION setting', async () => {
    const input = mesh({settings: {edge: {CILIUM_VERSION: '1.17.6'}}})
    const {findings} = await run([CM217], input)
    assert.deepEqual(brief(findings), [`CM217 edge>infra ${settingsPath('edge')}:${settingsLine(input, 'edge', 'CILIUM_VERSION')}`])
    assert.equal(findings[0].message, 'edge installs Cilium chart 1.17.6, infra installs 1.18.3')
  })

  it('is quiet on one version everywhere', async () => {
    assert.deepEqual((await run([CM217], mesh())).findings, [])
  })
})

describe('CM218 unknown-cilium-api', () => {
  // The blog post (seed 004) resource, copied into a repository.
  const BLOG = `apiVersion: cilium.io/v2alpha1
kind: ClusterMesh
metadata:
  name: my-mesh
spec:
  clusters:
    - name: cluster-b
      secret:
        name: cluster-b-secret
        namespace: kube-system
`
  it('fires on cilium.io/v2alpha1 ClusterMesh from the blog post', async () => {
    const {findings} = await run([CM218], mesh({files: {infra: {'clustermesh.yaml': BLOG}}}))
    assert.deepEqual(brief(findings), ['CM218 infra clustermesh.yaml:1'])
    assert.match(findings[0].message, /Cilium has no ClusterMesh resource/)
  })

  it('fires on a version the repository\'s Cilium does not serve, quiet on one it does', async () => {
    // CiliumLoadBalancerIPPool is served as cilium.io/v2 from 1.18 only.
    const old = mesh({settings: {infra: {CILIUM_VERSION: '1.17.6'}}, clusters: ['infra', 'apps']})
    const {findings} = await run([CM218], old)
    assert.deepEqual(brief(findings), [`CM218 infra ${POOL}:1`])
    assert.match(findings[0].message, /Cilium 1\.17 serves CiliumLoadBalancerIPPool as cilium\.io\/v2alpha1, not cilium\.io\/v2/)
    const alpha = {[POOL]: SHARED[POOL].replace('cilium.io/v2', 'cilium.io/v2alpha1')}
    assert.deepEqual((await run([CM218], mesh({shared: alpha}))).findings, [])
  })

  it('is quiet on the good mesh and on Tetragon kinds that share the group', async () => {
    const tetragon = 'apiVersion: cilium.io/v1alpha1\nkind: TracingPolicy\nmetadata: {name: fd-install}\nspec: {}\n'
    assert.deepEqual((await run([CM218], mesh({files: {apps: {'tp.yaml': tetragon}}}))).findings, [])
  })
})

describe('CM219 global-service-annotation', () => {
  it('fires on a value Cilium does not read, and on affinity without global', async () => {
    const svc = SHARED[ECHO].replace('service.cilium.io/global: "true"', 'service.cilium.io/global: "yes"')
    const {findings} = await run([CM219], mesh({shared: {[ECHO]: svc}, clusters: ['infra']}))
    assert.deepEqual(brief(findings), [
      `CM219 infra ${ECHO}:${lineOf(svc, 'global: "yes"')}`,
      `CM219 infra ${ECHO}:${lineOf(svc, 'affinity')}`,
    ])
    assert.match(findings[0].message, /"yes" is neither "true" nor "false"/)
    assert.match(findings[1].message, /not global/)
  })

  it('fires on an unknown affinity', async () => {
    const svc = SHARED[ECHO].replace('affinity: local', 'affinity: nearest')
    const {findings} = await run([CM219], mesh({shared: {[ECHO]: svc}, clusters: ['apps']}))
    assert.match(findings[0].message, /"nearest" is not one of local, remote, none/)
  })

  it('is quiet on well-formed annotations (the corpus default ${VAR:=true} form included)', async () => {
    const svc = SHARED[ECHO].replace('"true"', '"${ECHO_GLOBAL:=true}"')
    assert.deepEqual((await run([CM219], mesh({shared: {[ECHO]: svc}}))).findings, [])
  })
})

describe('CM223 policy-unknown-cluster', () => {
  it('fires on a policy selecting a cluster name the mesh does not have', async () => {
    const policy = SHARED[POLICY].replace('${CILIUM_CLUSTER_NAME}', 'cluster-1')
    const {findings} = await run([CM223], mesh({shared: {[POLICY]: policy}, clusters: ['infra']}))
    assert.deepEqual(brief(findings), [`CM223 infra ${POLICY}:${lineOf(policy, 'cluster-1')}`])
    assert.match(findings[0].message, /"cluster-1", which is not a cluster of the mesh/)
  })

  it('looks into matchExpressions too', async () => {
    const policy = SHARED[POLICY].replace(
      'matchLabels:\n            io.cilium.k8s.policy.cluster: ${CILIUM_CLUSTER_NAME}',
      'matchExpressions:\n            - {key: io.cilium.k8s.policy.cluster, operator: In, values: [apps, staging]}',
    )
    const {findings} = await run([CM223], mesh({shared: {[POLICY]: policy}, clusters: ['apps']}))
    assert.equal(findings.length, 1)
    assert.match(findings[0].message, /"staging"/)
  })

  it('is quiet when the selected cluster is in the mesh (peers outside the repository count)', async () => {
    assert.deepEqual((await run([CM223], mesh())).findings, [])
    const policy = SHARED[POLICY].replace('${CILIUM_CLUSTER_NAME}', 'edge')
    assert.deepEqual((await run([CM223], mesh({shared: {[POLICY]: policy}, clusters: ['infra']}))).findings, [])
  })
})

describe('CM224 global-service-one-sided', () => {
  it('reports a global Service that only one cluster has', async () => {
    const {findings} = await run([CM224], mesh({without: {apps: [ECHO], edge: [ECHO]}}))
    assert.deepEqual(brief(findings), [`CM224 infra ${ECHO}:${lineOf(SHARED[ECHO], 'global')}`])
    assert.equal(findings[0].severity, 'info')
  })

  it('is quiet when at least two clusters share it', async () => {
    assert.deepEqual((await run([CM224], mesh({without: {edge: [ECHO]}}))).findings, [])
  })
})
