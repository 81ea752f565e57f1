// flux-operator ResourceSet expansion and its Go-template subset. Examples are taken from flux-operator's
// docs/api/v1/resourceset.md and resourcesetinputprovider.md (quoted per test) and its internal/inputs tests.
import assert from 'node:assert/strict'
import {objectFromDoc} from '../../src/lib/gitops/flux/tree-index.js'
import {parseTemplate, renderTemplate, TemplateError, TemplateUnsupported} from '../../src/lib/gitops/fluxoperator/gotemplate.js'
import {adler32, normalizeName, permute} from '../../src/lib/gitops/fluxoperator/inputs.js'
import {expandResourceSet} from '../../src/lib/gitops/fluxoperator/resourceset.js'
import {goFloat, slugify, Unknown} from '../../src/lib/gitops/fluxoperator/sprig.js'
import {parseYamlFile} from '../../src/lib/gitops/repo/yaml-file.js'
import type {RenderedObject} from '../../src/lib/gitops/types.js'

const render = (src: string, inputs: unknown = {}): string => renderTemplate(parseTemplate(src), inputs).text

function objects(text: string, file = 'apps/rset.yaml'): RenderedObject[] {
  const f = parseYamlFile(file, text)
  assert.equal(f.error, undefined)
  return f.docs.map(objectFromDoc)
}

const none = () => undefined

describe('Go template subset (<< >>)', () => {
  it('field chains on inputs, pipelines and literals', () => {
    assert.equal(render('x-<< inputs.tenant >>-<< inputs.app.version | quote >>', {tenant: 't1', app: {version: '6.7.x'}}), 'x-t1-"6.7.x"')
    assert.equal(render('<< inputs.app.replicas | int >>', {app: {replicas: 2}}), '2')
    assert.equal(render('<< "a" >><< `b` >><< 1 >><< true >>'), 'ab1true')
    assert.equal(render('<< (inputs.m).k >>', {m: {k: 'v'}}), 'v')
  })

  it('prints float64 inputs the way Go does', () => {
    assert.equal(render('<< inputs.n >>', {n: 1000000}), '1e+06')
    assert.equal(render('<< inputs.n | int >>', {n: 1000000}), '1000000')
    assert.equal(goFloat(2.5), '2.5')
    assert.equal(goFloat(123456), '123456')
    assert.equal(goFloat(0.00001), '1e-05')
  })

  it('missingkey=error, get and default (docs: "use get combined with default")', () => {
    assert.throws(() => render('<< inputs.name >>', {namespace: 'team1'}), TemplateError)
    assert.equal(render('<< get inputs "name" | default inputs.namespace >>', {namespace: 'team1'}), 'team1')
    assert.equal(render('<< get inputs "name" | default inputs.namespace >>', {namespace: 'team1', name: 'n'}), 'n')
  })

  it('if / else if / else, comparisons, and/or/not', () => {
    // resourceset.md "Conditional resource exclusion"
    const tpl = '<< if eq inputs.tenant "team1" >>enabled<< else >>disabled<< end >>'
    assert.equal(render(tpl, {tenant: 'team1'}), 'enabled')
    assert.equal(render(tpl, {tenant: 'team2'}), 'disabled')
    assert.equal(render('<< if gt (len inputs.l) 1 >>many<< else if inputs.l >>one<< else >>none<< end >>', {l: ['a']}), 'one')
    assert.equal(render('<< and inputs.a inputs.b >>|<< or inputs.a inputs.b >>|<< not inputs.a >>', {a: '', b: 'x'}), '|x|true')
    assert.equal(render('<< if eq inputs.env "dev" "staging" >>non-prod<< end >>', {env: 'staging'}), 'non-prod')
  })

  it('range over lists, maps and with; variables; break', () => {
    assert.equal(render('<< range $i, $c := inputs.c >><< $i >>=<< $c >>,<< end >>', {c: ['x', 'y']}), '0=x,1=y,')
    assert.equal(render('<< range $k, $v := inputs.m >><< $k >>:<< $v >> << end >>', {m: {b: 2, a: 1}}), 'a:1 b:2 ')
    assert.equal(render('<< range inputs.c >><< . >><< else >>empty<< end >>', {c: []}), 'empty')
    assert.equal(render('<< range inputs.c >><< if eq . "stop" >><< break >><< end >><< . >><< end >>', {c: ['a', 'stop', 'b']}), 'a')
    assert.equal(render('<< with inputs.m >><< .k >><< end >>', {m: {k: 'v'}}), 'v')
    assert.equal(render('<< $x := "a" >><< if true >><< $x = "b" >><< end >><< $x >>'), 'b')
  })

  it('trim markers and comments', () => {
    assert.equal(render('a  <<- "b" ->>  \n c'), 'abc')
    assert.equal(render('a<</* note */>>b'), 'ab')
    assert.equal(render('x <<- /* note */ ->> y'), 'xy')
  })

  it('sprig functions repositories use', () => {
    assert.equal(render('<< inputs.s | toYaml | nindent 2 >>', {s: {b: [1, 2], a: 'x'}}), '\n  a: x\n  b:\n  - 1\n  - 2')
    assert.equal(render('<< inputs.t | slugify >>', {t: 'Team One & Co'}), 'team-one-and-co')
    assert.equal(render('<< printf "%s-%d" "a" 3 >>'), 'a-3')
    assert.equal(render('<< "A-b" | lower | replace "-" "_" | upper >>'), 'A_B')
    assert.equal(render('<< list "a" "b" | join "," >>'), 'a,b')
    assert.equal(render('<< dict "k" "v" | toJson >>'), '{"k":"v"}')
    assert.equal(render('<< ternary "y" "n" true >><< empty "" >><< coalesce "" "c" >>'), 'ytruec')
    assert.equal(render('<< add 1 2 >><< "x" | trimSuffix "x" >><< hasKey inputs "a" >>', {a: 1}), '3true')
    assert.equal(slugify('a'.repeat(40) + '-' + 'b'.repeat(40)), 'a'.repeat(40))
  })

  it('undefined functions fail like Go; define/template are reported as unsupported', () => {
    assert.throws(() => parseTemplate('<< if true >>x'), TemplateError)
    assert.throws(() => render('<< nosuch 1 >>'), TemplateError)
    assert.throws(() => parseTemplate('<< define "x" >>a<< end >>'), TemplateUnsupported)
  })

  it('an unknown value is printed as a placeholder and reported, a branch on it is unsupported', () => {
    const r = renderTemplate(parseTemplate('n-<< inputs.id >>'), {id: new Unknown('id from the cluster')})
    assert.deepEqual(r.unknown, ['id from the cluster'])
    assert.throws(() => render('<< if inputs.id >>x<< end >>', {id: new Unknown('u')}), TemplateUnsupported)
  })

  it('leaves ${VAR} text alone (postBuild runs before flux-operator)', () => {
    assert.equal(render('name: ${CLUSTER_NAME}-<< inputs.t >>', {t: 'a'}), 'name: ${CLUSTER_NAME}-a')
  })
})

describe('input strategies (flux-operator internal/inputs)', () => {
  it('adler32 ids match inputs.ID (combine_test.go: ID("foo") = 42074437)', () => {
    assert.equal(adler32('foo'), '42074437')
    assert.equal(adler32('bar'), '39649590')
    assert.equal(adler32('baz'), '40173886')
  })

  it('Permute scopes input sets by normalized name (combine_test.go "permutes if configured")', () => {
    const r = permute([
      {kind: 'ResourceSet', name: 'rset', namespace: 'default', inputs: [{id: '42074437'}, {id: '39649590'}]},
      {kind: 'ResourceSetInputProvider', name: 'rsip', namespace: 'default', inputs: [{id: '40173886'}]},
    ])
    assert.ok('sets' in r)
    assert.deepEqual(r.sets.map((s) => s.id), ['563152006', '563676295'])
    assert.equal(((r.sets[0]!.rsip as Record<string, unknown>).provider as Record<string, string>).kind, 'ResourceSetInputProvider')
    assert.equal(normalizeName('Git-Tag.v2'), 'git_tagv2')
  })
})

describe('expandResourceSet', () => {
  it('expands spec.resources per input with positions in spec.resources[i] (resourceset.md "Example")', () => {
    const [rs] = objects(`apiVersion: fluxcd.controlplane.io/v1
kind: ResourceSet
metadata:
  name: podinfo
  namespace: default
spec:
  commonMetadata:
    labels:
      app.kubernetes.io/name: podinfo
  inputs:
    - tenant: "team1"
      id: "1"
      app:
       version: "6.7.x"
       replicas: 2
    - tenant: "team2"
      id: "2"
      app:
       version: "6.6.x"
       replicas: 3
  resources:
    - apiVersion: source.toolkit.fluxcd.io/v1
      kind: OCIRepository
      metadata:
        name: podinfo-<< inputs.tenant >>
        namespace: default
      spec:
        interval: 10m
        url: oci://ghcr.io/stefanprodan/charts/podinfo
        ref:
          semver: << inputs.app.version | quote >>
    - apiVersion: helm.toolkit.fluxcd.io/v2
      kind: HelmRelease
      metadata:
        name: podinfo-<< inputs.tenant >>
        namespace: default
      spec:
        interval: 1h
        releaseName: podinfo-<< inputs.tenant >>
        chartRef:
          kind: OCIRepository
          name: podinfo-<< inputs.tenant >>
        values:
          replicaCount: << inputs.app.replicas | int >>
`)
    const r = expandResourceSet(rs!, none)
    assert.deepEqual(r.problems, [])
    assert.deepEqual(r.notEvaluated, [])
    assert.deepEqual(r.objects.map((o) => `${o.object.kind}/${o.object.metadata?.name}`), [
      'OCIRepository/podinfo-team1', 'OCIRepository/podinfo-team2', 'HelmRelease/podinfo-team1', 'HelmRelease/podinfo-team2',
    ])
    const hr = r.objects[3]!
    assert.equal((hr.object.spec as {values: {replicaCount: unknown}}).values.replicaCount, 3)
    assert.equal(((r.objects[0]!.object.spec as {ref: {semver: unknown}}).ref.semver), '6.7.x')
    assert.equal(hr.object.metadata?.labels?.['app.kubernetes.io/name'], 'podinfo')
    assert.equal(hr.object.metadata?.labels?.['resourceset.fluxcd.controlplane.io/name'], 'podinfo')
    assert.equal(hr.locate(['spec', 'values', 'replicaCount'])?.line, 44)
    assert.equal(hr.source.line, 32)
    assert.equal(hr.incomplete, undefined)
  })

  it('deduplicates shared objects and drops reconcile: disabled (resourceset.md "Resource deduplication", "Conditional resource exclusion")', () => {
    const [rs] = objects(`apiVersion: fluxcd.controlplane.io/v1
kind: ResourceSet
metadata: {name: tenants, namespace: flux-system}
spec:
  inputs:
    - tenant: "team1"
    - tenant: "team2"
  resources:
    - apiVersion: source.toolkit.fluxcd.io/v1
      kind: OCIRepository
      metadata: {name: podinfo, namespace: default}
      spec: {url: oci://ghcr.io/stefanprodan/charts/podinfo}
    - apiVersion: v1
      kind: ServiceAccount
      metadata:
        name: flux
        namespace: << inputs.tenant >>
        annotations:
          fluxcd.controlplane.io/reconcile: << if eq inputs.tenant "team1" >>enabled<< else >>disabled<< end >>
`)
    const r = expandResourceSet(rs!, none)
    assert.deepEqual(r.objects.map((o) => `${o.object.kind}/${o.object.metadata?.namespace}/${o.object.metadata?.name}`), [
      'OCIRepository/default/podinfo', 'ServiceAccount/team1/flux',
    ])
  })

  it('renders resourcesTemplate with range/if and trim markers (resourceset.md "Resources template")', () => {
    const [rs] = objects(`apiVersion: fluxcd.controlplane.io/v1
kind: ResourceSet
metadata: {name: bundles, namespace: flux-system}
spec:
  inputs:
    - bundle: addons
      decryption: false
      components:
        - ingress-nginx
        - cert-manager
    - bundle: apps
      decryption: true
      components:
        - frontend
        - backend
  resourcesTemplate: |
    ---
    apiVersion: source.toolkit.fluxcd.io/v1
    kind: OCIRepository
    metadata:
      name: << inputs.bundle >>
      namespace: flux-system
    spec:
      interval: 10m
      url: oci://registry.example.com/<< inputs.bundle >>
    <<- range $component := inputs.components >>
    ---
    apiVersion: kustomize.toolkit.fluxcd.io/v1
    kind: Kustomization
    metadata:
      name: << $component >>
      namespace: flux-system
    spec:
      interval: 1h
      prune: true
      <<- if inputs.decryption >>
      decryption:
        provider: sops
        secretRef:
          name: << inputs.bundle >>-sops
      <<- end >>
      sourceRef:
        kind: OCIRepository
        name: << inputs.bundle >>
      path: ./<< $component >>
    <<- end >>
`)
    const r = expandResourceSet(rs!, none)
    assert.deepEqual(r.problems, [])
    assert.deepEqual(r.objects.map((o) => `${o.object.kind}/${o.object.metadata?.name}`), [
      'OCIRepository/addons', 'Kustomization/ingress-nginx', 'Kustomization/cert-manager',
      'OCIRepository/apps', 'Kustomization/frontend', 'Kustomization/backend',
    ])
    const backend = r.objects[5]!.object.spec as Record<string, unknown>
    assert.deepEqual(backend.decryption, {provider: 'sops', secretRef: {name: 'apps-sops'}})
    assert.equal((r.objects[1]!.object.spec as Record<string, unknown>).decryption, undefined)
    assert.equal(r.objects[4]!.source.line, 16)
    assert.equal(r.objects[4]!.locate(['spec', 'path'])?.line, 16)
  })

  it('expands Static providers, marks their id unknown, and skips dynamic providers (resourcesetinputprovider.md "Type")', () => {
    const docs = objects(`apiVersion: fluxcd.controlplane.io/v1
kind: ResourceSetInputProvider
metadata: {name: staging, namespace: apps}
spec:
  type: Static
  defaultValues:
    env: staging
---
apiVersion: fluxcd.controlplane.io/v1
kind: ResourceSetInputProvider
metadata: {name: flux-appx-prs, namespace: apps}
spec:
  type: GitHubPullRequest
  url: https://github.com/controlplaneio-fluxcd/flux-appx
---
apiVersion: fluxcd.controlplane.io/v1
kind: ResourceSet
metadata: {name: app, namespace: apps}
spec:
  inputsFrom:
    - kind: ResourceSetInputProvider
      name: staging
    - kind: ResourceSetInputProvider
      name: flux-appx-prs
  resources:
    - apiVersion: v1
      kind: ConfigMap
      metadata:
        name: app-<< inputs.env >>
        namespace: apps
      data:
        id: << inputs.id | quote >>
        provider: << inputs.provider.kind >>/<< inputs.provider.name >>
`)
    const find = (ns: string, name: string) => docs.find((d) => d.object.metadata?.namespace === ns && d.object.metadata?.name === name)
    const r = expandResourceSet(docs[2]!, find)
    assert.equal(r.objects.length, 1)
    const cm = r.objects[0]!
    assert.equal(cm.object.metadata?.name, 'app-staging')
    assert.deepEqual(cm.object.data, {id: 'unknown-value', provider: 'ResourceSetInputProvider/staging'})
    assert.match(cm.incomplete ?? '', /Adler-32 checksum of its UID/)
    assert.equal(r.notEvaluated.length, 1)
    assert.match(r.notEvaluated[0]!, /apps\/flux-appx-prs of type GitHubPullRequest/)
  })

  it('reports a provider missing from the cluster and a selector without a resolver as not evaluated', () => {
    const [rs] = objects(`apiVersion: fluxcd.controlplane.io/v1
kind: ResourceSet
metadata: {name: app, namespace: apps}
spec:
  inputsFrom:
    - name: gone
    - selector: {matchLabels: {app: podinfo}}
  resources:
    - {apiVersion: v1, kind: ConfigMap, metadata: {name: x, namespace: apps}}
`)
    const r = expandResourceSet(rs!, none)
    assert.equal(r.objects.length, 0)
    assert.equal(r.notEvaluated.length, 2)
  })

  it('Permute with inline inputs and a Static provider (resourceset.md "Input strategy")', () => {
    const docs = objects(`apiVersion: fluxcd.controlplane.io/v1
kind: ResourceSetInputProvider
metadata: {name: git-tag, namespace: default}
spec:
  type: Static
  defaultValues: {sha: bf5d6e01}
---
apiVersion: fluxcd.controlplane.io/v1
kind: ResourceSet
metadata: {name: my-rset, namespace: default}
spec:
  inputStrategy:
    name: Permute
  inputs:
    - id: id1
      someField: foo
    - id: id2
      someField: bar
  inputsFrom:
    - kind: ResourceSetInputProvider
      name: git-tag
  resources:
    - apiVersion: v1
      kind: ConfigMap
      metadata:
        name: my-cm-<< inputs.id >>
        namespace: default
      data:
        rsetID: << inputs.my_rset.id | quote >>
        someField: << inputs.my_rset.someField | quote >>
        sha: << inputs.git_tag.sha | quote >>
`)
    const r = expandResourceSet(docs[1]!, (ns, n) => docs.find((d) => d.object.metadata?.name === n && d.object.metadata?.namespace === ns))
    assert.deepEqual(r.problems, [])
    assert.deepEqual(r.objects.map((o) => o.object.metadata?.name), [`my-cm-${adler32('my_rset=0/git_tag=0')}`, `my-cm-${adler32('my_rset=1/git_tag=0')}`])
    assert.deepEqual(r.objects[1]!.object.data, {rsetID: 'id2', someField: 'bar', sha: 'bf5d6e01'})
    assert.equal(r.objects[1]!.incomplete, undefined)
  })

  it('a template error is a build failure (CM006) and nothing is applied; no inputs renders once', () => {
    const [bad] = objects(`apiVersion: fluxcd.controlplane.io/v1
kind: ResourceSet
metadata: {name: bad, namespace: apps}
spec:
  inputs: [{tenant: a}]
  resources:
    - {apiVersion: v1, kind: Namespace, metadata: {name: << inputs.missing >>}}
`)
    const r = expandResourceSet(bad!, none)
    assert.equal(r.objects.length, 0)
    assert.equal(r.problems[0]?.id, 'CM006')
    assert.match(r.problems[0]!.message, /map has no entry for key "missing"/)
    assert.equal(r.problems[0]!.at?.line, 7)

    const [plain] = objects(`apiVersion: fluxcd.controlplane.io/v1
kind: ResourceSet
metadata: {name: plain, namespace: apps}
spec:
  resources:
    - {apiVersion: v1, kind: ConfigMap, metadata: {name: cfg}, data: {cluster: "\${CLUSTER_NAME}"}}
`)
    const p = expandResourceSet(plain!, none)
    assert.equal(p.objects.length, 1)
    assert.equal(p.objects[0]!.object.metadata?.namespace, undefined, 'flux-operator does not default namespaces')
    assert.deepEqual(p.objects[0]!.object.data, {cluster: '${CLUSTER_NAME}'})
  })

  it('an unsupported construct reports the ResourceSet as not evaluated without throwing', () => {
    const [rs] = objects(`apiVersion: fluxcd.controlplane.io/v1
kind: ResourceSet
metadata: {name: tpl, namespace: apps}
spec:
  inputs: [{id: "1"}]
  resourcesTemplate: |
    << define "x" >>a<< end >>
`)
    const r = expandResourceSet(rs!, none)
    assert.equal(r.objects.length, 0)
    assert.match(r.notEvaluated[0]!, /define action/)
  })
})
