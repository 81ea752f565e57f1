// CM007: a cluster that syncs another branch, a tag or a commit is told so (info), the default branch is quiet.
import {strict as assert} from 'node:assert'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {renderRepository} from '../../src/lib/gitops/index.js'

function repoWith(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'kubectl-mesh-syncref-'))
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), {recursive: true})
    writeFileSync(join(root, rel), text)
  }
  return root
}

const instance = (path: string, ref: string) => `apiVersion: fluxcd.controlplane.io/v1
kind: FluxInstance
metadata:
  name: flux
  namespace: flux-system
spec:
  distribution:
    version: "2.x"
  sync:
    kind: GitRepository
    url: https://github.com/example/fleet.git
    ref: ${ref}
    path: ${path}
`
const cm = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: default\ndata:\n  a: b\n`

describe('CM007 sync ref not the default branch', () => {
  const roots: string[] = []
  after(() => roots.forEach((r) => rmSync(r, {recursive: true, force: true})))
  const render = async (files: Record<string, string>) => {
    const root = repoWith(files)
    roots.push(root)
    return renderRepository(root)
  }

  it('a FluxInstance on refs/heads/staging gives an info finding at the ref; refs/heads/main gives none', async () => {
    const repo = await render({
      'clusters/east/flux-system/flux-instance.yaml': instance('clusters/east', 'refs/heads/main'),
      'clusters/east/app.yaml': cm('east'),
      'clusters/west/flux-system/flux-instance.yaml': instance('clusters/west', 'refs/heads/staging'),
      'clusters/west/app.yaml': cm('west'),
    })
    assert.deepEqual(repo.clusters.map((c) => [c.name, c.found?.foundBy]), [['east', 'flux-instance'], ['west', 'flux-instance']])
    const found = repo.findings.filter((f) => f.id === 'CM007')
    assert.equal(found.length, 1)
    assert.equal(found[0]!.cluster, 'west')
    assert.equal(found[0]!.severity, 'info')
    assert.match(found[0]!.message, /branch staging/)
    assert.deepEqual([found[0]!.file, found[0]!.line], ['clusters/west/flux-system/flux-instance.yaml', 12])
  })

  it('a bootstrap GitRepository pinned to a tag gives an info finding at spec.ref.tag', async () => {
    const repo = await render({
      'clusters/prod/flux-system/gotk-sync.yaml': `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  url: ssh://git@github.com/example/fleet
  ref:
    tag: v1.2.0
---
apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: flux-system
  namespace: flux-system
spec:
  path: ./clusters/prod
  sourceRef:
    kind: GitRepository
    name: flux-system
`,
      'clusters/prod/app.yaml': cm('prod'),
    })
    const found = repo.findings.filter((f) => f.id === 'CM007')
    assert.equal(found.length, 1)
    assert.match(found[0]!.message, /tag v1\.2\.0/)
    assert.deepEqual([found[0]!.file, found[0]!.line], ['clusters/prod/flux-system/gotk-sync.yaml', 9])
  })
})
