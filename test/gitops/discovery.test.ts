// Cluster discovery rules that the layout fixtures do not pin down one by one: names from directories, a ${VAR}
// sync path matched against directories, two sources not in git, Cluster API names and ConfigMap kubeconfigs.
import {strict as assert} from 'node:assert'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {renderRepository} from '../../src/lib/gitops/index.js'

const roots: string[] = []
async function render(files: Record<string, string>) {
  const root = mkdtempSync(join(tmpdir(), 'kubectl-mesh-discovery-'))
  roots.push(root)
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), {recursive: true})
    writeFileSync(join(root, rel), text)
  }
  return renderRepository(root)
}

const cm = (name: string, ns = 'default', data: Record<string, string> = {a: 'b'}) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: ${ns}\ndata:\n${Object.entries(data).map(([k, v]) => `  ${k}: "${v}"`).join('\n')}\n`

const ks = (name: string, ns: string, path: string, extra = '', source = 'name: flux-system\n    namespace: flux-system') => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
  namespace: ${ns}
spec:
  interval: 10m
  path: ${path}
  prune: true
  sourceRef:
    kind: GitRepository
    ${source}
${extra}`

describe('cluster discovery', () => {
  after(() => roots.forEach((r) => rmSync(r, {recursive: true, force: true})))

  it('names a cluster by its entry directory without the generic parts (k8s/clusters/east/flux is east)', async () => {
    const repo = await render({
      'k8s/clusters/east/flux/flux-system/gotk-sync.yaml': '# placeholder: flux bootstrap writes this file\n',
      'k8s/clusters/east/flux/app.yaml': cm('east'),
      'clusters/lab/flux-system/gotk-components.yaml': '# placeholder\n',
      'clusters/lab/app.yaml': cm('lab'),
    })
    assert.deepEqual(repo.clusters.map((c) => [c.name, c.entry, c.found?.foundBy]), [
      ['lab', 'clusters/lab', 'flux-bootstrap'],
      ['east', 'k8s/clusters/east/flux', 'flux-bootstrap'],
    ])
    assert.deepEqual(repo.findings.filter((f) => f.id === 'CM004'), [])
  })

  it('a ${VAR} sync path with no value in the repository is matched against the existing directories', async () => {
    const repo = await render({
      'flux/instance.yaml': `apiVersion: fluxcd.controlplane.io/v1
kind: FluxInstance
metadata:
  name: flux
  namespace: flux-system
spec:
  sync:
    kind: GitRepository
    url: https://example.com/fleet.git
    ref: refs/heads/main
    path: fleet/\${CLUSTER}/sync
`,
      'fleet/alpha/sync/app.yaml': cm('alpha'),
      'fleet/beta/sync/app.yaml': cm('beta'),
      'fleet/gamma/other/app.yaml': cm('gamma'),
    })
    assert.deepEqual(repo.clusters.map((c) => [c.name, c.entry]), [['alpha', 'fleet/alpha/sync'], ['beta', 'fleet/beta/sync']])
  })

  it('says so when two different sources that are not in git are both read from the repository', async () => {
    const repo = await render({
      'clusters/one/flux-system/gotk-sync.yaml': '# placeholder\n',
      'clusters/one/apps.yaml': ks('apps', 'flux-system', './apps', '', 'name: other-repo\n    namespace: flux-system'),
      'apps/app.yaml': cm('app'),
    })
    const warning = repo.findings.filter((f) => f.id === 'CM005' && /not in git/.test(f.message))
    assert.equal(warning.length, 1, JSON.stringify(repo.findings, null, 1))
    assert.match(warning[0]!.message, /GitRepository flux-system\/flux-system and GitRepository flux-system\/other-repo/)
    // It is still rendered from the working tree.
    assert.ok(repo.clusters[0]!.objects.some((o) => o.object.metadata?.name === 'app'))
  })

  it('keys remote clusters by namespace and kubeconfig object; names them by a Cluster API Cluster beside its Secret', async () => {
    const repo = await render({
      'hub/flux-system/gotk-sync.yaml': '# placeholder\n',
      'hub/capi.yaml': `apiVersion: cluster.x-k8s.io/v1beta1\nkind: Cluster\nmetadata:\n  name: edge-7\n  namespace: fleet\n`,
      'hub/spokes.yaml': [
        ks('edge', 'fleet', './spoke', '  kubeConfig:\n    secretRef:\n      name: edge-7-kubeconfig\n'),
        ks('lab', 'fleet', './spoke', '  kubeConfig:\n    configMapRef:\n      name: lab-kubeconfig\n'),
      ].join('---\n'),
      'spoke/app.yaml': cm('spoke-app', 'default'),
    })
    const names = repo.clusters.map((c) => [c.name, c.found?.foundBy, c.remote?.namespace])
    assert.deepEqual(names, [['hub', 'flux-bootstrap', undefined], ['fleet/lab-kubeconfig', 'kubeconfig-remote', 'fleet'], ['edge-7', 'kubeconfig-remote', 'fleet']])
    // The same manifests go to both spokes and never to the hub: no duplicate across clusters.
    assert.deepEqual(repo.findings.filter((f) => f.id === 'CM003'), [])
    for (const spoke of repo.clusters.slice(1)) assert.ok(spoke.objects.some((o) => o.object.metadata?.name === 'spoke-app'), spoke.name)
    assert.ok(!repo.clusters[0]!.objects.some((o) => o.object.metadata?.name === 'spoke-app'))
  })
})
