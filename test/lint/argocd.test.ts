// Issue 9 "Done when": lint finds every cluster of Argo CD repositories laid out like the public Argo CD shapes
// (an Application per cluster with valuesObject; an ApplicationSet with a list generator and per-cluster values
// files through a multi-source $values ref; a clusters generator over cluster Secrets written in the tree;
// app-of-apps two levels deep; one Argo CD instance per cluster with in-cluster destinations). Each fixture
// (test/fixtures/repos/argocd-*/README.md) is a correct mesh except one planted mistake; the test runs the CLI like a
// user and checks the JSON report's clusters[] (names, ids, PodCIDRs, mesh addresses, entry.foundBy) and findings.
import {strict as assert} from 'node:assert'
import {cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {Finding, Report} from '../../src/lib/report/types.js'
import {ROOT, runCli} from '../support/cli.js'

const FIXTURES = join(ROOT, 'test', 'fixtures', 'repos')

interface Expected {
  id?: number
  podCIDRs?: string[]
  lbIP?: string
  noCilium?: true
  entry: {path: string; foundBy: 'argocd-application' | 'argocd-applicationset'}
}

interface Layout {
  fixture: string
  clusters: Record<string, Expected>
  /** The planted finding: id, the clusters it may name, and file:line of each side. */
  planted: {id: string; clusters: string[]; at: string[]}
  /** Findings the planted mistake also causes (another check's view of it). */
  also?: string[]
  /** Exit code: 1 for a planted error, 0 for a planted warning. */
  code: number
}

const LAYOUTS: Layout[] = [
  {
    fixture: 'argocd-app-per-cluster',
    clusters: {
      east: {id: 1, podCIDRs: ['10.1.0.0/16'], lbIP: '10.0.1.100', entry: {path: 'argocd/apps', foundBy: 'argocd-application'}},
      west: {id: 1, podCIDRs: ['10.2.0.0/16'], lbIP: '10.0.2.100', entry: {path: 'argocd/apps', foundBy: 'argocd-application'}},
    },
    // The id of west, written in its Application's valuesObject.
    planted: {id: 'CM203', clusters: ['east', 'west'], at: ['argocd/apps/cilium-west.yaml:17', 'argocd/apps/cilium-east.yaml:17']},
    code: 1,
  },
  {
    fixture: 'argocd-appset-list',
    clusters: {
      eu: {id: 1, podCIDRs: ['10.1.0.0/16'], lbIP: '10.0.1.100', entry: {path: 'argocd', foundBy: 'argocd-applicationset'}},
      us: {id: 2, podCIDRs: ['10.1.128.0/17'], lbIP: '10.0.2.100', entry: {path: 'argocd', foundBy: 'argocd-applicationset'}},
    },
    planted: {id: 'CM205', clusters: ['eu', 'us'], at: ['clusters/us/cilium-values.yaml:6', 'clusters/eu/cilium-values.yaml:6']},
    code: 1,
  },
  {
    fixture: 'argocd-clusters-generator',
    clusters: {
      alpha: {id: 1, podCIDRs: ['10.11.0.0/16'], lbIP: '10.0.1.100', entry: {path: 'argocd/appsets', foundBy: 'argocd-applicationset'}},
      beta: {id: 2, podCIDRs: ['10.12.0.0/16'], lbIP: '10.0.2.100', entry: {path: 'argocd/appsets', foundBy: 'argocd-applicationset'}},
    },
    // tls.auto.method is the chart default: the finding points at the ApplicationSet's valuesObject.
    planted: {id: 'CM225', clusters: ['alpha', 'beta'], at: ['argocd/appsets/cilium.yaml:24']},
    also: ['CM213'],
    code: 1,
  },
  {
    fixture: 'argocd-app-of-apps',
    clusters: {
      'in-cluster': {noCilium: true, entry: {path: 'bootstrap', foundBy: 'argocd-application'}},
      north: {id: 1, podCIDRs: ['10.21.0.0/16'], lbIP: '10.0.1.100', entry: {path: 'infrastructure', foundBy: 'argocd-application'}},
      south: {id: 2, podCIDRs: ['10.22.0.0/16'], lbIP: '10.0.2.100', entry: {path: 'infrastructure', foundBy: 'argocd-application'}},
    },
    // north's peer list (inside the `values: |` string of its Application) lacks south.
    planted: {id: 'CM215', clusters: ['north', 'south'], at: ['infrastructure/cilium-north.yaml:39']},
    code: 0,
  },
  {
    fixture: 'argocd-instance-per-cluster',
    clusters: {
      lisbon: {id: 7, podCIDRs: ['10.31.0.0/16'], lbIP: '10.0.1.100', entry: {path: 'clusters/lisbon/apps', foundBy: 'argocd-application'}},
      porto: {id: 7, podCIDRs: ['10.32.0.0/16'], lbIP: '10.0.2.100', entry: {path: 'clusters/porto/apps', foundBy: 'argocd-application'}},
    },
    planted: {id: 'CM203', clusters: ['lisbon', 'porto'], at: ['clusters/porto/cilium-values.yaml:3', 'clusters/lisbon/cilium-values.yaml:3']},
    code: 1,
  },
]

function lint(dir: string, code?: number): Report {
  const run = runCli(['lint', dir, '-o', 'json'])
  assert.ok(run.stdout.trim(), `no JSON report (exit ${run.code}): ${run.stderr}`)
  if (code !== undefined) assert.equal(run.code, code, `exit code (stderr: ${run.stderr.trim()})`)
  return JSON.parse(run.stdout) as Report
}

const show = (fs: Finding[]) => fs.map((f) => `${f.id} ${f.cluster ?? '-'}${f.peer ? `→${f.peer}` : ''} ${f.file ?? ''}:${f.line ?? ''}: ${f.message}`).join('\n')

describe('lint finds every cluster of Argo CD repositories', () => {
  for (const layout of LAYOUTS) {
    describe(layout.fixture, () => {
      let report: Report
      before(() => {
        report = lint(join(FIXTURES, layout.fixture), layout.code)
      })

      it('reports exactly the expected clusters, with names, ids, PodCIDRs, mesh addresses and how each was found', () => {
        assert.deepEqual(report.clusters.map((c) => c.name).sort(), Object.keys(layout.clusters).sort())
        for (const [name, want] of Object.entries(layout.clusters)) {
          const c = report.clusters.find((x) => x.name === name)!
          assert.deepEqual(c.entry && {path: c.entry.path, foundBy: c.entry.foundBy}, want.entry, `${name}: entry`)
          if (want.noCilium) {
            assert.equal(c.clustermesh, undefined, `${name}: no Cilium`)
            continue
          }
          assert.equal(c.id, want.id, `${name}: id`)
          assert.deepEqual(c.podCIDRs, want.podCIDRs, `${name}: podCIDRs`)
          assert.equal(c.clustermesh?.lbIP, want.lbIP, `${name}: lbIP`)
          assert.equal(c.clustermesh?.useAPIServer, true, `${name}: useAPIServer`)
        }
      })

      it(`finds the planted ${layout.planted.id} at the right file:line, and nothing else`, () => {
        const {id, clusters, at} = layout.planted
        const planted = report.findings.filter((f) => f.id === id)
        assert.ok(planted.length > 0, `${id} not found; findings:\n${show(report.findings)}`)
        for (const f of planted) {
          assert.ok(f.cluster && clusters.includes(f.cluster), `${id} names ${f.cluster}`)
          assert.ok(at.includes(`${f.file}:${f.line}`), `${id} points at ${f.file}:${f.line}, expected one of ${at.join(', ')}`)
        }
        const others = report.findings.filter((f) => f.id !== id && f.severity !== 'info' && !layout.also?.includes(f.id))
        assert.deepEqual(others, [], `other findings:\n${show(others)}`)
      })
    })
  }
})

describe('Argo CD repository mistakes outside the mesh', () => {
  let dir: string
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'argocd-'))
    cpSync(join(FIXTURES, 'argocd-instance-per-cluster'), dir, {recursive: true})
  })
  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  it('CM002: an Application pointing at a path that does not exist, and a values file that is missing', () => {
    const app = join(dir, 'clusters/porto/apps/platform.yaml')
    writeFileSync(app, readText(app).replace('path: clusters/porto/platform', 'path: clusters/porto/platfrom'))
    const cilium = join(dir, 'clusters/lisbon/apps/cilium.yaml')
    writeFileSync(cilium, readText(cilium).replace('        ignoreMissingValueFiles: true\n', ''))
    const r = lint(dir)
    const cm002 = r.findings.filter((f) => f.id === 'CM002')
    assert.deepEqual(cm002.map((f) => `${f.cluster} ${f.file}:${f.line}`).sort(), ['lisbon clusters/lisbon/apps/cilium.yaml:16', 'porto clusters/porto/apps/platform.yaml:11'], show(cm002))
    assert.match(cm002.find((f) => f.cluster === 'porto')!.message, /source path "clusters\/porto\/platfrom" does not exist/)
    assert.match(cm002.find((f) => f.cluster === 'lisbon')!.message, /cilium-overrides\.yaml does not exist.*ignoreMissingValueFiles/)
  })

  it('CM003: two Applications with one name in one Argo CD instance; the same names in two instances are fine', () => {
    writeFileSync(join(dir, 'clusters/porto/apps/platform-copy.yaml'), readText(join(dir, 'clusters/porto/apps/platform.yaml')))
    const r = lint(dir)
    const cm003 = r.findings.filter((f) => f.id === 'CM003')
    assert.equal(cm003.length, 1, show(r.findings))
    assert.equal(cm003[0]!.file, 'clusters/porto/apps/platform.yaml')
    assert.match(cm003[0]!.message, /Application argocd\/platform is defined twice in the Argo CD instance argocd \(clusters\/porto\)/)
  })

  it('CM005: generators that need a network are reported with what was skipped', () => {
    writeFileSync(join(dir, 'clusters/porto/apps/previews.yaml'), `apiVersion: argoproj.io/v1alpha1
kind: ApplicationSet
metadata:
  name: previews
  namespace: argocd
spec:
  generators:
    - pullRequest:
        github: {owner: example, repo: edge-clusters}
  template:
    metadata: {name: 'preview-{{number}}'}
    spec:
      project: default
      source: {repoURL: https://github.com/example/edge-clusters, path: preview, targetRevision: '{{head_sha}}'}
      destination: {name: in-cluster, namespace: 'preview-{{number}}'}
`)
    const r = lint(dir)
    const cm005 = r.findings.filter((f) => f.id === 'CM005')
    assert.equal(cm005.length, 1, show(r.findings))
    assert.match(cm005[0]!.message, /pullRequest generator asks an SCM provider for open pull requests \(network\)/)
    assert.equal(`${cm005[0]!.file}:${cm005[0]!.line}`, 'clusters/porto/apps/previews.yaml:8')
  })

  it('CM225 is quiet when every cluster takes one CA from its values (tls.ca.cert/key), and fires without it', () => {
    const r = lint(dir)
    assert.deepEqual(r.findings.filter((f) => f.id === 'CM225'), [])
    for (const c of ['lisbon', 'porto']) {
      const file = join(dir, `clusters/${c}/cilium-values.yaml`)
      writeFileSync(file, readText(file).replace(/tls:\n {2}ca:\n.*\n.*\n/, ''))
    }
    const fired = lint(dir).findings.filter((f) => f.id === 'CM225')
    assert.deepEqual(fired.map((f) => f.cluster).sort(), ['lisbon', 'porto'])
    assert.equal(fired[0]!.severity, 'error')
  })
})

describe('dns-check --repo and doctor --repo read an Argo CD repository as they read a Flux one', () => {
  it('dns-check --repo lists the Argo CD clusters with their LB addresses (loadRepository)', () => {
    const run = runCli(['dns-check', '--repo', join(FIXTURES, 'argocd-appset-list'), '-o', 'json'])
    const report = JSON.parse(run.stdout) as Report
    assert.deepEqual(report.clusters.map((c) => [c.name, c.clustermesh?.lbIP, c.entry?.foundBy]), [
      ['eu', '10.0.1.100', 'argocd-applicationset'],
      ['us', '10.0.2.100', 'argocd-applicationset'],
    ])
  })
})

function readText(file: string): string {
  return readFileSync(file, 'utf8')
}
