// Where clusters come from: Flux entry points found in the repository, or .kubectl-mesh.yaml `clusters:`;
// a file that cannot be parsed is a usage error (exit 2); a bad entry is CM001/CM002 at file:line:column and is left
// out; no cluster at all is CM004.
import assert from 'node:assert/strict'
import {mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {UsageError} from '../../src/lib/cli/errors.js'
import {Ajv} from 'ajv'
import {parse as parseYaml} from 'yaml'
import {repoClusterFor} from '../../src/lib/doctor/repository.js'
import {MeshConfigError, readDeclaredClusters} from '../../src/lib/gitops/config.js'
import {renderRepository} from '../../src/lib/gitops/render.js'
import {Repo} from '../../src/lib/gitops/repo/repo.js'
import {loadRepository} from '../../src/lib/lint/load.js'
import {clusterSummaries} from '../../src/lib/mesh/summary.js'
import {ROOT, runCli} from '../support/cli.js'
import {FIXTURES} from './support/fixtures.js'

describe('cluster entry points', () => {
  let root: string
  const put = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), {recursive: true})
    writeFileSync(join(root, rel), text)
  }
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mesh-clusters-'))
    put('deploy/prod/app.yaml', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\n  namespace: default\ndata:\n  k: v\n')
  })
  afterEach(() => rmSync(root, {recursive: true, force: true}))

  it('reports CM004 when nothing looks like a cluster, saying what was looked for and how to declare one', async () => {
    const repo = await renderRepository(root)
    assert.deepEqual(repo.clusters, [])
    assert.deepEqual(repo.findings.map((f) => f.id), ['CM004'])
    assert.match(repo.findings[0]!.message, /flux-system/)
    assert.match(repo.findings[0]!.message, /\.kubectl-mesh\.yaml as clusters: \[\{name: <name>, path: <entry directory>\}\]/)
  })

  it('renders clusters declared in .kubectl-mesh.yaml, even without a flux-system sync', async () => {
    put('.kubectl-mesh.yaml', '# clusters by hand\nclusters:\n  - name: prod\n    path: ./deploy/prod\n')
    const repo = await renderRepository(root)
    assert.deepEqual(repo.findings, [])
    assert.deepEqual(repo.clusters.map((c) => [c.name, c.entry, c.objects.map((o) => o.object.metadata?.name)]), [['prod', 'deploy/prod', ['app']]])
  })

  it('refuses broken YAML as a usage error at file:line:column', async () => {
    put('.kubectl-mesh.yaml', 'clusters: [\n')
    await assert.rejects(renderRepository(root), (error: unknown) => {
      assert.ok(error instanceof MeshConfigError && error instanceof UsageError)
      assert.equal(error.exitCode, 2)
      assert.deepEqual([error.pos.file, error.pos.line, error.pos.column], ['.kubectl-mesh.yaml', 2, 1])
      assert.match(error.message, /invalid YAML/)
      return true
    })
  })

  // A bad entry is a finding at its place; it is left out and everything else is still checked.
  for (const [name, config, id, line, column, text] of [
    ['a path that does not exist', 'clusters:\n  - name: prod\n    path: deploy/nope\n', 'CM002', 3, 11, /path "deploy\/nope": deploy\/nope does not exist/],
    ['a path outside the repository', 'clusters:\n  - name: prod\n    path: ../elsewhere\n', 'CM002', 3, 11, /outside the repository/],
    ['a name that is not a DNS label', 'clusters:\n  - name: Prod_1\n    path: deploy/prod\n', 'CM001', 2, 11, /clusters\[0\]\.name "Prod_1" must be a lower-case DNS label/],
    ['the same name twice', 'clusters:\n  - name: prod\n    path: deploy/prod\n  - name: prod\n    path: deploy/prod\n', 'CM001', 4, 11, /declared twice \(first at line 2\)/],
    ['clusters that is not a list', 'clusters:\n  prod: deploy/prod\n', 'CM001', 2, 3, /clusters must be a list, not a mapping/],
    ['an unknown key', 'clusters:\n  - name: prod\n    path: deploy/prod\n    podCIDR: 10.0.0.0/16\n', 'CM001', 4, 5, /unknown key "podCIDR" in clusters\[0\]; valid keys: name, path, ciliumValues, ciliumVersion, ciliumNamespace, podCIDRs, serviceCIDRs, nodeCIDRs, clusterMeshAddress, context/],
    ['a CIDR that is not one', 'clusters:\n  - name: prod\n    path: deploy/prod\n    podCIDRs: [10.0.0.0/16, 10.1.0.0/33]\n', 'CM001', 4, 29, /clusters\[0\]\.podCIDRs: "10\.1\.0\.0\/33" is not a CIDR/],
  ] as const) {
    it(`reports ${name} as ${id} at file:line:column and leaves the entry out`, async () => {
      put('.kubectl-mesh.yaml', config)
      const repo = await renderRepository(root)
      const f = repo.findings.find((x) => x.id === id)
      assert.ok(f, JSON.stringify(repo.findings))
      assert.deepEqual([f.file, f.line, f.column], ['.kubectl-mesh.yaml', line, column])
      assert.match(f.message, text)
    })
  }

  it('renders only the clusters asked for, and refuses unknown names', async () => {
    const repo = await renderRepository(join(FIXTURES, 'mesh-pair'), {clusters: ['west']})
    assert.deepEqual(repo.clusters.map((c) => c.name), ['west'])
    await assert.rejects(renderRepository(join(FIXTURES, 'mesh-pair'), {clusters: ['north']}), /unknown cluster north; the repository has east, west/)
  })

  it('refuses a repository path that is not a directory', async () => {
    await assert.rejects(renderRepository(join(root, 'nope')), (e: unknown) => e instanceof UsageError)
    await assert.rejects(renderRepository(join(root, 'deploy/prod/app.yaml')), /is not a directory/)
  })
})

// A repository no GitOps engine describes: helmfile installs Cilium from values files; .kubectl-mesh.yaml declares
// the clusters, their values files and the facts the values do not say.
describe('declared clusters without a GitOps engine (.kubectl-mesh.yaml)', () => {
  let root: string
  const put = (rel: string, text: string) => {
    mkdirSync(dirname(join(root, rel)), {recursive: true})
    writeFileSync(join(root, rel), text)
  }
  const CONFIG = [
    'clusters:', //                                                                    1
    '  - name: eu-west', //                                                            2
    '    ciliumValues: [values/cilium/common.yaml, values/cilium/eu-west.yaml]', //  3
    '    ciliumVersion: 1.17.6', //                                                    4
    '    ciliumNamespace: cilium', //                                                  5
    '    serviceCIDRs: 10.96.0.0/16', //                                               6
    '    nodeCIDRs: [192.168.10.0/24]', //                                             7
    '    clusterMeshAddress: clustermesh.eu-west.example.com', //                      8
    '    context: admin@eu-west', //                                                   9
    '  - name: us-east', //                                                            10
    '    ciliumValues: values/cilium/us-east.yaml', //                                 11
    '    podCIDRs: [10.20.0.0/16]', //                                                 12
    '    serviceCIDRs: [10.97.0.0/16]', //                                             13
    '    clusterMeshAddress: 203.0.113.20', //                                         14
    '',
  ].join('\n')
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'mesh-declared-'))
    put('helmfile.yaml', 'releases:\n  - name: cilium\n    chart: cilium/cilium\n    values: [values/cilium/common.yaml]\n')
    put('values/cilium/common.yaml', 'clustermesh:\n  useAPIServer: true\n  apiserver:\n    service:\n      type: LoadBalancer\ncluster:\n  name: placeholder\n')
    put('values/cilium/eu-west.yaml', 'cluster:\n  name: eu-west\n  id: 1\nipam:\n  operator:\n    clusterPoolIPv4PodCIDRList: ["10.10.0.0/16"]\n')
    put('values/cilium/us-east.yaml', 'cluster:\n  name: us-east\n  id: 2\nipam:\n  operator:\n    clusterPoolIPv4PodCIDRList: ["10.99.0.0/16"]\n')
    put('.kubectl-mesh.yaml', CONFIG)
  })
  afterEach(() => rmSync(root, {recursive: true, force: true}))

  const at = (file: string, line: number, column: number) => ({file, line, column})

  it('parses every key with its position', () => {
    const repo = new Repo(root)
    const [eu, us] = readDeclaredClusters(repo)!
    assert.deepEqual(repo.sink.list, [])
    const C = '.kubectl-mesh.yaml'
    assert.equal(eu.name, 'eu-west')
    assert.equal(eu.path, undefined)
    assert.deepEqual(eu.pos, at(C, 2, 5))
    assert.deepEqual(eu.ciliumValues, ['values/cilium/common.yaml', 'values/cilium/eu-west.yaml'])
    assert.deepEqual(eu.ciliumVersion, {value: '1.17.6', source: at(C, 4, 20)})
    assert.deepEqual(eu.ciliumNamespace, {value: 'cilium', source: at(C, 5, 22)})
    assert.deepEqual(eu.serviceCIDRs, {value: ['10.96.0.0/16'], source: at(C, 6, 19)})
    assert.deepEqual(eu.nodeCIDRs, {value: ['192.168.10.0/24'], source: at(C, 7, 16)})
    assert.deepEqual(eu.clusterMeshAddress, {value: 'clustermesh.eu-west.example.com', source: at(C, 8, 25)})
    assert.deepEqual(eu.context, {value: 'admin@eu-west', source: at(C, 9, 14)})
    // Helm's merge: maps key by key, the later file wins; positions point into the file that set the value.
    const v = eu.ciliumHelmValues!
    assert.deepEqual(v.values.cluster, {name: 'eu-west', id: 1})
    assert.equal((v.values.clustermesh as {useAPIServer: boolean}).useAPIServer, true)
    assert.deepEqual(v.locate(['cluster', 'id']), at('values/cilium/eu-west.yaml', 3, 7))
    assert.deepEqual(v.locate(['clustermesh', 'useAPIServer']), at('values/cilium/common.yaml', 2, 17))
    assert.equal(v.unknown?.(['cluster', 'id']), undefined)
    // A single string is a one-element list.
    assert.deepEqual(us.ciliumValues, ['values/cilium/us-east.yaml'])
    assert.deepEqual(us.podCIDRs, {value: ['10.20.0.0/16'], source: at(C, 12, 15)})
  })

  it('refuses a values file outside the repository or missing (CM002 at its line), keeping the cluster with unknown values', () => {
    put('.kubectl-mesh.yaml', 'clusters:\n  - name: a\n    ciliumValues:\n      - ../../etc/values.yaml\n      - values/cilium/nope.yaml\n')
    const repo = new Repo(root)
    const [a] = readDeclaredClusters(repo)!
    assert.deepEqual(repo.sink.list.map((f) => [f.id, f.line, f.column]), [['CM002', 4, 9], ['CM002', 5, 9]])
    assert.match(repo.sink.list[0]!.message, /outside the repository/)
    assert.match(repo.sink.list[1]!.message, /values file "values\/cilium\/nope.yaml": .* does not exist/)
    assert.equal(a.name, 'a')
    assert.match(a.ciliumHelmValues!.unknown!(['cluster', 'id'])!.reason, /cannot be read/)
  })

  it('a wrong key is CM001 naming the valid keys; the other clusters are still checked', async () => {
    put('.kubectl-mesh.yaml', CONFIG.replace('    context: admin@eu-west', '    kubeContext: admin@eu-west') + 'bogus: true\n')
    const {repo, model} = await loadRepository(root)
    const cm001 = repo.findings.filter((f) => f.id === 'CM001')
    assert.ok(cm001.some((f) => f.line === 9 && /unknown key "kubeContext" in clusters\[0\]; valid keys: .*context/.test(f.message)))
    assert.ok(cm001.some((f) => f.line === 15 && /unknown key "bogus" in the top level/.test(f.message) && /valid keys: clusters, suppress/.test(f.message)))
    assert.deepEqual(model.clusters.map((c) => c.name), ['us-east'])
  })

  it('builds a cluster without path from its values files, declared facts winning over the values', async () => {
    const {repo, model} = await loadRepository(root)
    assert.deepEqual(repo.findings.filter((f) => f.severity === 'error'), [])
    const [eu, us] = model.clusters
    assert.equal(eu.name, 'eu-west')
    assert.ok(eu.cilium)
    assert.equal(eu.cilium.resource, undefined)
    assert.equal(eu.cilium.namespace, 'cilium')
    assert.deepEqual(eu.cilium.valuesFiles, ['values/cilium/common.yaml', 'values/cilium/eu-west.yaml'])
    assert.equal(eu.cilium.chartVersion.known && eu.cilium.chartVersion.value, '1.17.6')
    assert.deepEqual(eu.cilium.defaults, {chart: '1.17', assumed: false})
    assert.equal(eu.clusterName.known && eu.clusterName.value, 'eu-west')
    assert.deepEqual(eu.clusterName.pos, at('values/cilium/eu-west.yaml', 2, 9))
    assert.equal(eu.clusterId.known && eu.clusterId.value, 1)
    assert.ok(eu.podCIDRs.known)
    assert.deepEqual(eu.podCIDRs.value.map((c) => [c.cidr, c.pos?.file, c.pos?.line]), [['10.10.0.0/16', 'values/cilium/eu-west.yaml', 6]])
    assert.equal(eu.clustermesh.useAPIServer.known && eu.clustermesh.useAPIServer.value, true)
    assert.deepEqual(eu.clustermesh.useAPIServer.pos, at('values/cilium/common.yaml', 2, 17))
    assert.equal(eu.clustermesh.fqdn.known && eu.clustermesh.fqdn.value, 'clustermesh.eu-west.example.com')
    assert.equal(eu.context, 'admin@eu-west')
    // us-east: no ciliumVersion (version unknown, defaults assumed); its declared PodCIDRs win over the values file's.
    assert.equal(us.cilium?.chartVersion.known, false)
    assert.equal(us.cilium?.defaults.assumed, true)
    assert.equal(us.cilium?.namespace, 'kube-system')
    assert.ok(us.podCIDRs.known)
    assert.deepEqual(us.podCIDRs.value.map((c) => [c.cidr, c.pos?.line]), [['10.20.0.0/16', 12]])
    assert.ok(us.clustermesh.lbIPs.known)
    assert.deepEqual(us.clustermesh.lbIPs.value.map((l) => l.ip), ['203.0.113.20'])
  })

  it('says in the JSON summary which source each fact came from', async () => {
    const {model} = await loadRepository(root)
    const [eu, us] = clusterSummaries(model)
    assert.deepEqual(eu.factSources, {
      clusterName: 'repository', id: 'repository', podCIDRs: 'repository',
      serviceCIDRs: 'declared', nodeCIDRs: 'declared', fqdn: 'declared',
    })
    assert.deepEqual(us.factSources, {
      clusterName: 'repository', id: 'repository', podCIDRs: 'declared', serviceCIDRs: 'declared', lbIP: 'declared',
    })
    assert.deepEqual(eu.podCIDRs, ['10.10.0.0/16'])
    assert.equal(eu.id, 1)
  })

  it('a declared context wins when doctor --repo matches contexts to clusters', async () => {
    const {model} = await loadRepository(root)
    // The live cluster-name says us-east, but admin@eu-west is declared as eu-west's context.
    assert.equal(repoClusterFor(model, 'admin@eu-west', 'us-east')?.cluster.name, 'eu-west')
    // eu-west is served by its declared context only.
    assert.equal(repoClusterFor(model, 'other', 'eu-west'), undefined)
    assert.equal(repoClusterFor(model, 'other', 'us-east')?.cluster.name, 'us-east')
  })
})

describe('kubectl mesh config schema', () => {
  const schemaText = () => {
    const run = runCli(['config', 'schema'])
    assert.equal(run.code, 0, run.stderr)
    return run.stdout
  }
  const compile = (schema: unknown) => new Ajv({allErrors: true, strict: true, allowUnionTypes: true}).compile(schema as object)

  it('prints the JSON Schema published as docs/config.schema.json; ajv compiles it', () => {
    const text = schemaText()
    assert.deepEqual(JSON.parse(text), JSON.parse(readFileSync(join(ROOT, 'docs/config.schema.json'), 'utf8')))
    compile(JSON.parse(text))
  })

  it('accepts the example of docs/configuration.md and rejects a wrong key', () => {
    const validate = compile(JSON.parse(schemaText()))
    const page = readFileSync(join(ROOT, 'docs/configuration.md'), 'utf8')
    const example = /<!-- example: \.kubectl-mesh\.yaml -->\n```yaml\n([\s\S]*?)```/.exec(page)?.[1]
    assert.ok(example, 'docs/configuration.md has the marked example')
    const doc = parseYaml(example) as {clusters: Record<string, unknown>[]}
    assert.ok(validate(doc), JSON.stringify(validate.errors))
    doc.clusters[0]!.podCIDR = '10.0.0.0/16'
    assert.equal(validate(doc), false)
    assert.deepEqual(validate.errors?.map((e) => [e.keyword, e.instancePath, e.params]), [['additionalProperties', '/clusters/0', {additionalProperty: 'podCIDR'}]])
  })
})
