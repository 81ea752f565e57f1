// Oracle: every Flux Kustomization we render (fixtures and the corpus) against `flux build kustomization`
// with the same variables: same objects after kustomize build and postBuild substitution, or, where Flux
// fails, a substitution error of ours. Also the typing of substituted values, case by case.
import assert from 'node:assert/strict'
import {existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {renderRepository} from '../../src/lib/gitops/render.js'
import type {RenderedRepository} from '../../src/lib/gitops/types.js'
import {FLUX_MISSING, fluxBinary} from './support/flux-bin.js'
import {fluxBuild} from './support/flux-build.js'
import {canonical} from './support/kubectl-oracle.js'

const CORPUS = join(process.cwd(), '../shared/corpus/monosense-io__k8s-gitops@606585d5')
const FIXTURES = join(process.cwd(), 'test/fixtures/repos')

function compareAll(bin: string, repo: RenderedRepository): {compared: number; failures: string[]} {
  const failures: string[] = []
  let compared = 0
  for (const c of repo.clusters) {
    // A Kustomization with spec.kubeConfig applies to a remote cluster: its objects are in that cluster.
    const reach = [c, ...repo.clusters.filter((r) => r.remote?.hub === c.name)].flatMap((x) => x.objects)
    for (const k of c.kustomizations) {
      const key = `${k.namespace}/${k.name}`
      const applied = reach.filter((o) => o.producedBy === key)
      const ours = (k.object.object.spec as {kubeConfig?: unknown} | undefined)?.kubeConfig ? applied : c.objects.filter((o) => o.producedBy === key || (!k.producedBy && o === k.object))
      // Objects whose values only the cluster knows (SOPS) and Kustomizations we could not build are not comparable.
      if ((k.incomplete ?? []).length || ours.some((o) => o.incomplete)) continue
      const want = fluxBuild(bin, repo.root, k)
      compared++
      if (!want.ok) {
        if ((k.substitutionErrors ?? []).length === 0) failures.push(`${c.name} ${key}: flux fails (${want.error.split('\n').at(-1)}) but we rendered it`)
        continue
      }
      if ((k.substitutionErrors ?? []).length) {
        failures.push(`${c.name} ${key}: flux builds it but we report ${k.substitutionErrors![0]!.message}`)
        continue
      }
      const got = ours.map((o) => canonical(o.object)).sort()
      const missing = want.objects.filter((o) => !got.includes(o))
      const extra = got.filter((o) => !want.objects.includes(o))
      if (missing.length || extra.length) failures.push(`${c.name} ${key}:\n  flux: ${missing.slice(0, 2).join('\n  flux: ')}\n  ours: ${extra.slice(0, 2).join('\n  ours: ')}`)
    }
  }
  return {compared, failures}
}

describe('rendering matches `flux build kustomization`', function () {
  const bin = fluxBinary()
  before(function () {
    if (!bin) {
      // npm run testenv builds it: in CI a missing oracle is a set-up failure, not a skip.
      if (process.env.CI) throw new Error(FLUX_MISSING)
      console.log(`    skipped: ${FLUX_MISSING}`)
      this.skip()
    }
  })

  for (const name of existsSync(FIXTURES) ? readdirSync(FIXTURES).sort() : []) {
    it(`for every Kustomization of fixture ${name}`, async () => {
      const {failures} = compareAll(bin!, await renderRepository(join(FIXTURES, name)))
      assert.deepEqual(failures, [])
    })
  }

  it('compares every Kustomization of mesh-pair but the ones using SOPS-encrypted values', async () => {
    const {compared} = compareAll(bin!, await renderRepository(join(FIXTURES, 'mesh-pair')))
    // Per cluster: flux-system applies the SOPS Secret and infrastructure an object using ${SECRET_DOMAIN};
    // apps, cilium and cilium-ipam are compared.
    assert.equal(compared, 6)
  })

  it('for every Kustomization of the corpus (including the two Flux refuses to substitute)', async function () {
    if (!existsSync(CORPUS)) {
      console.log(`    skipped: corpus not found at ${CORPUS}`)
      this.skip()
    }
    const repo = await renderRepository(CORPUS)
    const {compared, failures} = compareAll(bin!, repo)
    assert.deepEqual(failures, [])
    assert.ok(compared >= 40, `compared ${compared}`)
    const failing = repo.clusters.flatMap((c) => c.kustomizations.filter((k) => k.substitutionErrors?.length).map((k) => `${c.name}/${k.name}`))
    assert.deepEqual(failing.sort(), ['apps/cloudnative-pg-shared-cluster', 'apps/observability-victoria-metrics-vmcluster', 'infra/observability-victoria-metrics-vmcluster'])
  })

  it('types substituted values like Flux (YAML 1.1 booleans, octal, flow lists, quoting, comments)', async () => {
    const values = ['yes', 'no', 'on', 'Off', 'y', '1.0', '0x1F', '0o17', '0755', '1e3', '1_000', '+5', '~', 'null', '', '2024-01-01',
      '[a, b]', '{a: 1}', 'a #b', 'a#b', "'q'", '"d"', '12:30', 'a,b', 'plain text', 'with: colon-space', '- dash', '%x', "it's", 'x\ny']
    const root = mkdtempSync(join(tmpdir(), 'flux-typing-'))
    try {
      writeRepo(root, values)
      const repo = await renderRepository(root)
      const {compared, failures} = compareAll(bin!, repo)
      assert.deepEqual(failures, [])
      assert.equal(compared, values.length + 1)
      // The table holds values Flux refuses as well as values it retypes.
      const ks = repo.clusters[0]!.kustomizations
      assert.ok(ks.some((k) => k.substitutionErrors?.length))
      const data = (name: string) => repo.clusters[0]!.objects.find((o) => o.object.kind === 'ConfigMap' && o.object.metadata?.name === name)?.object.data as Record<string, unknown>
      assert.deepEqual(data('typing-0'), {plain: true, quoted: true, mixed: 'xyes: y', item: [true]})
    } finally {
      rmSync(root, {recursive: true, force: true})
    }
  })
})

/** A one-cluster repository with one Kustomization per value, each substituting V into the same ConfigMap. */
function writeRepo(root: string, values: string[]): void {
  const put = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), {recursive: true})
    writeFileSync(join(root, path), text)
  }
  put('clusters/test/flux-system/gotk-sync.yaml', [
    JSON.stringify({apiVersion: 'source.toolkit.fluxcd.io/v1', kind: 'GitRepository', metadata: {name: 'flux-system', namespace: 'flux-system'}, spec: {interval: '1m', url: 'ssh://git@example.com/x', ref: {branch: 'main'}}}),
    JSON.stringify(ks('flux-system', './clusters/test')),
  ].join('\n---\n'))
  put('clusters/test/typing.yaml', values.map((v, i) => JSON.stringify(ks(`typing-${i}`, `./k${i}`, {V: v}))).join('\n---\n'))
  values.forEach((_, i) => {
    put(`k${i}/cm.yaml`, ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: typing-${i}`, '  namespace: default', 'data:',
      '  plain: ${V}', '  quoted: "${V}"', '  mixed: "x${V}: y"', '  item:', '    - ${V}', ''].join('\n'))
  })
}

function ks(name: string, path: string, substitute?: Record<string, string>): object {
  return {
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1', kind: 'Kustomization', metadata: {name, namespace: 'flux-system'},
    spec: {interval: '1m', path, prune: true, sourceRef: {kind: 'GitRepository', name: 'flux-system'}, ...(substitute ? {postBuild: {substitute}} : {})},
  }
}
