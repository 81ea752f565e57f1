// init --context against a real kube-apiserver: the new cluster's cilium-config (cluster-name, cluster-id,
// cluster-pool CIDR), its nodes' PodCIDRs and its ServiceCIDR become the answers; a flag that disagrees with
// them is refused; a context that cannot be reached ends the run with exit 3 and nothing written.
import assert from 'node:assert/strict'
import {join} from 'node:path'
import {ROOT, runCli} from '../support/cli.js'
import {type Cluster, freePort, requireBinaries, startCluster, useTestEnv, writeKubeconfig} from '../env/index.js'
import {cleanRepos, fingerprint, read, repoCopy} from './support.js'
import {hasTmux, TmuxSession} from './tmux.js'

describe('kubectl mesh init --context (real kube-apiserver)', function () {
  this.timeout(120_000)
  useTestEnv()
  let cluster: Cluster
  let kubeconfig: string

  before(async function () {
    requireBinaries(this, ['etcd', 'kube-apiserver'])
    this.timeout(180_000)
    cluster = await startCluster('edge')
    kubeconfig = writeKubeconfig([cluster])
    const create = async (path: string, body: unknown) => {
      const r = await cluster.request('POST', path, body)
      assert.equal(r.status, 201, JSON.stringify(r.body))
    }
    // The apiserver makes kube-system itself once its bootstrap controller has run; make sure it is there.
    const ns = await cluster.request('POST', '/api/v1/namespaces', {apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'kube-system'}})
    assert.ok(ns.status === 201 || ns.status === 409, JSON.stringify(ns.body))
    await create('/api/v1/namespaces/kube-system/configmaps', {
      apiVersion: 'v1', kind: 'ConfigMap', metadata: {name: 'cilium-config', namespace: 'kube-system'},
      data: {'cluster-name': 'edge', 'cluster-id': '7', ipam: 'cluster-pool', 'cluster-pool-ipv4-cidr': '10.60.0.0/16'},
    })
    await create('/api/v1/nodes', {apiVersion: 'v1', kind: 'Node', metadata: {name: 'edge-1'}, spec: {podCIDR: '10.60.1.0/24', podCIDRs: ['10.60.1.0/24']}})
  })
  after(cleanRepos)

  it('takes the name, id, PodCIDR and ServiceCIDR from the cluster itself', () => {
    const dir = repoCopy('cilium-names-2')
    const run = runCli(['init', '--repo', dir, '--context', cluster.name, '--kubeconfig', kubeconfig, '--yes'])
    assert.equal(run.code, 0, run.stderr)
    const settings = read(dir, 'kubernetes/clusters/edge/cluster-settings.yaml')
    // The test apiserver runs with --service-cluster-ip-range=10.96.0.0/16: its ServiceCIDR object says so.
    assert.match(settings, /CILIUM_CLUSTER_NAME: "edge"\n {2}CILIUM_CLUSTER_ID: "7"\n[^]*POD_CIDR: "10\.60\.0\.0\/16"\n {2}SERVICE_CIDR: "10\.96\.0\.0\/16"/)
    assert.match(run.stdout, /flux bootstrap git --context=edge --url=/)
  })

  it('refuses an answer the cluster contradicts, and a context it cannot reach (exit 3), writing nothing', async () => {
    const dir = repoCopy('cilium-names-2')
    const before = fingerprint(dir)
    const wrong = runCli(['init', '--repo', dir, '--context', cluster.name, '--kubeconfig', kubeconfig, '--id', '5', '--yes'])
    assert.equal(wrong.code, 2)
    assert.match(wrong.stderr, /the id 5 is not cilium-config's cluster-id 7 \(context edge\)/)
    const outside = runCli(['init', '--repo', dir, '--context', cluster.name, '--kubeconfig', kubeconfig, '--pod-cidr', '10.61.0.0/16', '--yes'])
    assert.equal(outside.code, 2)
    assert.match(outside.stderr, /not cilium-config's cluster-pool 10\.60\.0\.0\/16/)
    const port = await freePort()
    const dead = writeKubeconfig([{...cluster, url: `https://127.0.0.1:${port}`}])
    const unreachable = runCli(['init', '--repo', dir, '--context', cluster.name, '--kubeconfig', dead, '--request-timeout', '2s', '--yes'])
    assert.equal(unreachable.code, 3, unreachable.stderr)
    assert.match(unreachable.stderr, /cannot read context edge: .*; nothing written/)
    assert.deepEqual(fingerprint(dir), before)
  })

  it('on a terminal, offers the kubeconfig\'s contexts and proposes what the chosen one says', async function () {
    if (!hasTmux()) {
      console.log('      skipped: tmux not installed (npm run testenv)')
      this.skip()
    }
    const dir = repoCopy('cilium-names-2')
    const before = fingerprint(dir)
    const node = join(ROOT, 'node_modules', '.bin', 'node')
    const t = TmuxSession.start(`cd ${ROOT} && NO_COLOR=1 ${node} --import tsx bin/dev.js init --repo ${dir} --kubeconfig ${kubeconfig}`)
    try {
      await t.waitFor(/\? Read the new cluster's facts .* from a kube context\?/)
      t.type('', 'Down', 'Enter')
      for (const prompt of [/\? Cluster name \(edge\)/, /\? Cluster id \(7\)/, /\? PodCIDR \(10\.60\.0\.0\/16\)/, /\? ServiceCIDR \(10\.96\.0\.0\/16\)/, /\? LB IPAM pool/, /\? clustermesh-apiserver address/, /\? Secret-store path/]) {
        await t.waitFor(prompt)
        t.type('', 'Enter')
      }
      await t.waitFor(/Write these changes \(4 files\)\?/)
      t.type('n', 'Enter')
      assert.match(await t.waitFor(/EXIT=\d+/), /Nothing written\.\nEXIT=0/)
    } finally {
      t.kill()
    }
    assert.deepEqual(fingerprint(dir), before)
  })
})
