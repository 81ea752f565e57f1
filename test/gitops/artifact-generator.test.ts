// ArtifactGenerator → repository directory mapping, on generators modelled on the real ones.
import assert from 'node:assert/strict'
import {mapArtifactPath} from '../../src/lib/gitops/flux/artifact-generator.js'
import {objectFromDoc} from '../../src/lib/gitops/flux/tree-index.js'
import {parseYamlFile} from '../../src/lib/gitops/repo/yaml-file.js'
import type {RenderedObject} from '../../src/lib/gitops/types.js'

function objects(text: string): RenderedObject[] {
  const f = parseYamlFile('clusters/staging/artifacts.yaml', text)
  assert.equal(f.error, undefined)
  return f.docs.map(objectFromDoc)
}

const fluxSystem = (kind: string, ns: string, name: string) => kind === 'GitRepository' && ns === 'flux-system' && name === 'flux-system'

// fluxcd/flux2-kustomize-helm-example clusters/staging/artifacts.yaml (decomposition of the monorepo).
const EXAMPLE = objects(`---
apiVersion: source.extensions.fluxcd.io/v1beta1
kind: ArtifactGenerator
metadata:
  name: flux-system
  namespace: flux-system
spec:
  sources:
    - alias: monorepo
      kind: GitRepository
      name: flux-system
  artifacts:
    - name: infrastructure
      originRevision: "@monorepo"
      copy:
        - from: "@monorepo/infrastructure/**"
          to: "@artifact/"
    - name: apps
      originRevision: "@monorepo"
      copy:
        - from: "@monorepo/apps/base/**"
          to: "@artifact/base/"
        - from: "@monorepo/apps/staging/**"
          to: "@artifact/staging/"
`)

describe('mapArtifactPath', () => {
  it('maps the flux2-kustomize-helm-example artifacts back to their directories', () => {
    const infra = {name: 'infrastructure', namespace: 'flux-system'}
    assert.deepEqual(mapArtifactPath(EXAMPLE, infra, './controllers', fluxSystem), {repoDir: 'infrastructure/controllers'})
    assert.deepEqual(mapArtifactPath(EXAMPLE, infra, './', fluxSystem), {repoDir: 'infrastructure'})
    const apps = {name: 'apps', namespace: 'flux-system'}
    assert.deepEqual(mapArtifactPath(EXAMPLE, apps, './staging', fluxSystem), {repoDir: 'apps/staging'})
    assert.deepEqual(mapArtifactPath(EXAMPLE, apps, 'base/podinfo', fluxSystem), {repoDir: 'apps/base/podinfo'})
  })

  it('says when the artifact root holds only some directories of the repository one', () => {
    const r = mapArtifactPath(EXAMPLE, {name: 'apps', namespace: 'flux-system'}, './', fluxSystem)
    assert.ok('repoDir' in r)
    assert.equal(r.repoDir, 'apps')
    assert.match(r.superset ?? '', /only base\/ \(copy\[0\]\); staging\/ \(copy\[1\]\) of apps\//)
  })

  it('refuses unknown artifacts, wrong namespaces and paths nothing is copied to', () => {
    assert.match((mapArtifactPath(EXAMPLE, {name: 'nope', namespace: 'flux-system'}, './', fluxSystem) as {unsupported: string}).unsupported, /no ArtifactGenerator/)
    assert.match((mapArtifactPath(EXAMPLE, {name: 'apps', namespace: 'apps'}, './', fluxSystem) as {unsupported: string}).unsupported, /no ArtifactGenerator/)
    assert.match((mapArtifactPath(EXAMPLE, {name: 'apps', namespace: 'flux-system'}, './production', fluxSystem) as {unsupported: string}).unsupported, /copies nothing to production\//)
    assert.match((mapArtifactPath(EXAMPLE, {name: 'apps', namespace: 'flux-system'}, '../x', fluxSystem) as {unsupported: string}).unsupported, /leaves the root/)
  })

  // source-watcher docs/spec/v1beta1/artifactgenerators.md "Source Composition Example".
  const COMPOSITE = objects(`apiVersion: source.extensions.fluxcd.io/v1beta1
kind: ArtifactGenerator
metadata:
  name: my-app
  namespace: apps
spec:
  sources:
    - alias: backend
      kind: GitRepository
      name: my-backend
    - alias: frontend
      kind: OCIRepository
      name: my-frontend
    - alias: config
      kind: Bucket
      name: my-configs
  artifacts:
    - name: my-app-composite
      copy:
        - from: "@backend/deploy/**"
          to: "@artifact/my-app/backend/"
        - from: "@frontend/deploy/**/*.yaml"
          to: "@artifact/my-app/frontend/"
        - from: "@config/envs/prod/configmap.yaml"
          to: "@artifact/my-app/env.yaml"
`)
  const backendIsUs = (kind: string, ns: string, name: string) => kind === 'GitRepository' && ns === 'apps' && name === 'my-backend'

  it('refuses a path that merges other sources (docs "Source Composition Example": path ./my-app)', () => {
    const r = mapArtifactPath(COMPOSITE, {name: 'my-app-composite', namespace: 'apps'}, './my-app', backendIsUs)
    assert.ok('unsupported' in r)
    assert.match(r.unsupported, /copy\[1\] puts @frontend\/deploy\/\*\*\/\*\.yaml into my-app\/ from OCIRepository apps\/my-frontend, which is not this repository/)
  })

  it('maps the part that comes from this repository alone', () => {
    assert.deepEqual(mapArtifactPath(COMPOSITE, {name: 'my-app-composite', namespace: 'apps'}, './my-app/backend', backendIsUs), {repoDir: 'deploy'})
  })

  it('marks filtered globs and excludes as a superset (docs "Copy Operations" examples)', () => {
    const gens = objects(`apiVersion: source.extensions.fluxcd.io/v1beta1
kind: ArtifactGenerator
metadata: {name: gen, namespace: flux-system}
spec:
  sources:
    - {alias: repo, kind: GitRepository, name: flux-system}
  artifacts:
    - name: yaml-only
      copy:
        - from: "@repo/configs/*.yaml"
          to: "@artifact/apps/"
    - name: no-docs
      copy:
        - from: "@repo/configs/**"
          to: "@artifact/apps/"
          exclude: ["*.md", "**/testdata/**"]
    - name: subdir
      copy:
        - from: "@repo/configs/"
          to: "@artifact/apps/"
    - name: merged
      copy:
        - from: "@repo/chart/"
          to: "@artifact/"
        - from: "@repo/values-prod.yaml"
          to: "@artifact/chart/values.yaml"
          strategy: Merge
    - name: two-dirs
      copy:
        - from: "@repo/clusters/common/**"
          to: "@artifact/"
        - from: "@repo/clusters/staging/**"
          to: "@artifact/"
`)
    const at = (name: string, p: string) => mapArtifactPath(gens, {name, namespace: 'flux-system'}, p, fluxSystem)
    const yamlOnly = at('yaml-only', './apps')
    assert.ok('repoDir' in yamlOnly && yamlOnly.repoDir === 'configs')
    assert.match(yamlOnly.superset ?? '', /only files matching \*\.yaml of configs\//)
    const noDocs = at('no-docs', './apps')
    assert.ok('repoDir' in noDocs && noDocs.repoDir === 'configs')
    assert.match(noDocs.superset ?? '', /without \*\.md, \*\*\/testdata\/\*\*/)
    // `@source/configs/` to `@artifact/apps/` "Creates apps/configs/ with contents".
    assert.deepEqual(at('subdir', './apps/configs'), {repoDir: 'configs'})
    assert.match((at('merged', './chart') as {unsupported: string}).unsupported, /strategy Merge/)
    assert.match((at('two-dirs', './') as {unsupported: string}).unsupported, /merges clusters\/common\/ and clusters\/staging\//)
  })
})
