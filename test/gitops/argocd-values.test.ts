// Argo CD semantics the lint of Argo CD repositories relies on: the Helm values merge order of an Application
// (parameters > valuesObject > values > valueFiles; values ignored when valuesObject is set), ApplicationSet
// templating (fasttemplate and goTemplate, templatePatch, matrix/merge) and how "this repository" is decided.
import {strict as assert} from 'node:assert'
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {expandApplicationSet} from '../../src/lib/gitops/argocd/generators.js'
import {ArgoTree} from '../../src/lib/gitops/argocd/tree.js'
import {normaliseRepoUrl} from '../../src/lib/gitops/repo/url.js'
import {ciliumValues} from '../../src/lib/gitops/argocd/values.js'
import {Repo} from '../../src/lib/gitops/repo/repo.js'

function repoWith(files: Record<string, string>): {repo: Repo; dir: string} {
  const dir = mkdtempSync(join(tmpdir(), 'argocd-unit-'))
  for (const [f, t] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, f)), {recursive: true})
    writeFileSync(join(dir, f), t)
  }
  return {repo: new Repo(dir), dir}
}

const APP = `apiVersion: argoproj.io/v1alpha1
kind: Application
metadata: {name: cilium, namespace: argocd}
spec:
  sources:
    - repoURL: oci://quay.io/cilium/charts
      chart: cilium
      targetRevision: 1.18.3
      helm:
        valueFiles: [$v/a.yaml, $v/b.yaml]
        values: |
          cluster:
            name: from-values
        valuesObject:
          cluster:
            id: 3
        parameters:
          - {name: cluster.id, value: "4"}
          - {name: ipam.mode, value: "true", forceString: true}
    - {repoURL: https://github.com/example/r.git, ref: v}
  destination: {name: east, namespace: kube-system}
`

describe('Argo CD Helm values of a Cilium Application', () => {
  const dirs: string[] = []
  after(() => dirs.forEach((d) => rmSync(d, {recursive: true, force: true})))

  it('merges valueFiles in order, then valuesObject (values ignored), then parameters; positions point into the files', () => {
    const {repo, dir} = repoWith({
      'app.yaml': APP,
      'a.yaml': 'cluster:\n  name: a\n  id: 1\nipam:\n  mode: kubernetes\n',
      'b.yaml': 'cluster:\n  name: b\n',
    })
    dirs.push(dir)
    const tree = new ArgoTree(repo)
    const found: string[] = []
    const v = ciliumValues(repo, tree, tree.apps[0]!.obj, (f) => found.push(f.message))!
    assert.deepEqual(found, [])
    assert.deepEqual(v.values.values, {cluster: {name: 'b', id: 4}, ipam: {mode: 'true'}})
    assert.deepEqual(v.files, ['a.yaml', 'b.yaml'])
    assert.deepEqual(v.values.locate(['cluster', 'name']), {file: 'b.yaml', line: 2, column: 9})
    assert.equal(v.values.locate(['cluster', 'id'])?.line, 18)
    assert.equal(v.chartVersion?.value, '1.18.3')
    assert.equal(v.namespace, 'kube-system')
  })

  it('reads values (a string) when valuesObject is absent, with positions inside the Application', () => {
    const {repo, dir} = repoWith({'app.yaml': APP.replace(/ {8}valuesObject:\n.*\n.*\n/, '').replace(/ {8}parameters:\n.*\n.*\n/, ''), 'a.yaml': 'x: 1\n', 'b.yaml': 'y: 2\n'})
    dirs.push(dir)
    const tree = new ArgoTree(repo)
    const v = ciliumValues(repo, tree, tree.apps[0]!.obj, () => {})!
    assert.equal((v.values.values.cluster as {name: string}).name, 'from-values')
    assert.deepEqual(v.values.locate(['cluster', 'name']), {file: 'app.yaml', line: 13, column: 19})
  })
})

describe('ApplicationSet templating', () => {
  it('goTemplate with sprig, a matrix of list × list, and templatePatch', () => {
    const {repo, dir} = repoWith({
      'set.yaml': `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: s, namespace: argocd}
spec:
  goTemplate: true
  generators:
    - matrix:
        generators:
          - list: {elements: [{cluster: East}, {cluster: West}]}
          - list: {elements: [{app: cilium}]}
  template:
    metadata: {name: '{{ .app }}-{{ .cluster | lower }}'}
    spec:
      destination: {name: '{{ .cluster | lower }}'}
  templatePatch: |
    spec:
      project: '{{ printf "p-%s" (lower .cluster) }}'
`,
    })
    try {
      const tree = new ArgoTree(repo)
      const exp = expandApplicationSet(tree, tree.appSets[0]!.obj)
      assert.deepEqual(exp.skipped, [])
      assert.deepEqual(exp.apps.map((a) => [a.object.metadata?.name, (a.object.spec as {project: string}).project]), [['cilium-east', 'p-east'], ['cilium-west', 'p-west']])
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('fasttemplate keeps unknown tags, merge overrides the base sets by mergeKeys', () => {
    const {repo, dir} = repoWith({
      'set.yaml': `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata: {name: s, namespace: argocd}
spec:
  generators:
    - merge:
        mergeKeys: [name]
        generators:
          - list: {elements: [{name: a, id: "1"}, {name: b, id: "2"}]}
          - list: {elements: [{name: b, id: "20"}]}
  template:
    metadata: {name: '{{name}}-{{id}}-{{nope}}'}
    spec: {destination: {name: '{{name}}'}}
`,
    })
    try {
      const tree = new ArgoTree(repo)
      const exp = expandApplicationSet(tree, tree.appSets[0]!.obj)
      assert.deepEqual(exp.apps.map((a) => a.object.metadata?.name), ['a-1-{{nope}}', 'b-20-{{nope}}'])
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})

describe('this repository', () => {
  it('is .git/config origin when present, else the repoURL most sources use; URLs compare without scheme, user and .git', () => {
    assert.equal(normaliseRepoUrl('git@github.com:Example/Fleet.git'), normaliseRepoUrl('https://github.com/example/fleet/'))
    const app = (url: string, name: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata: {name: ${name}}\nspec: {source: {repoURL: '${url}', path: x}}\n---\n`
    const files = {'apps.yaml': app('https://github.com/a/one', 'x') + app('https://github.com/a/one.git', 'y') + app('https://github.com/a/two', 'z')}
    const {repo, dir} = repoWith(files)
    try {
      assert.equal(new ArgoTree(repo).self.url, 'github.com/a/one')
      writeFileSync(join(dir, 'config'), '')
      mkdirSync(join(dir, '.git'))
      writeFileSync(join(dir, '.git', 'config'), '[remote "origin"]\n\turl = git@github.com:a/two.git\n')
      const tree = new ArgoTree(new Repo(dir))
      assert.equal(tree.self.url, 'github.com/a/two')
      assert.match(tree.self.rule, /\.git\/config/)
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })
})
