// The clustermesh-apiserver scripts/testenv-cilium.sh builds: the version pinned in testenv/cilium/go.mod, and the
// subcommands the chart and doctor call (doctor execs `clustermesh-apiserver kvstoremesh-dbg status -o json`).
import {strict as assert} from 'node:assert'
import {execFileSync} from 'node:child_process'
import {binary, ciliumVersion, requireBinaries} from './index.js'

describe('clustermesh-apiserver built from the pinned Cilium module', () => {
  before(function () {
    requireBinaries(this, ['clustermesh-apiserver'])
  })
  const run = (...args: string[]) => execFileSync(binary('clustermesh-apiserver'), args, {encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe']})

  it('reports the pinned version', () => {
    assert.match(run('version'), new RegExp(`^Cilium ClusterMesh: ${ciliumVersion().slice(1).replaceAll('.', '\\.')} `))
  })

  it('has the clustermesh, kvstoremesh, etcdinit, clustermesh-dbg and kvstoremesh-dbg subcommands', () => {
    const help = run('--help')
    for (const sub of ['clustermesh', 'kvstoremesh', 'etcdinit', 'clustermesh-dbg', 'kvstoremesh-dbg']) assert.match(help, new RegExp(`^\\s+${sub}\\s`, 'm'), sub)
    assert.match(run('kvstoremesh-dbg', 'status', '--help'), /-o, --output string\s+json/)
    const flags = run('clustermesh', '--help')
    for (const flag of ['--cluster-name string', '--cluster-id uint32', '--kvstore-opt stringToString', '--k8s-kubeconfig-path string', '--health-port int']) assert.ok(flags.includes(flag), flag)
  })
})
