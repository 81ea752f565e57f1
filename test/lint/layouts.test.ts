// Issue 8 "Done when": lint finds every cluster of repositories laid out like the public examples people copy
// (onedr0p/cluster-template, flux-operator with the flux-instance chart, fluxcd/flux2-kustomize-helm-example,
// fluxcd/flux2-hub-spoke-example, controlplaneio-fluxcd/d2-fleet, a helmfile repository with .kubectl-mesh.yaml).
// Each fixture (test/fixtures/repos/layout-*/README.md says which example it follows) is a correct mesh except one
// planted mistake; the test runs the CLI like a user and checks the JSON report's clusters[] and findings.
import {strict as assert} from 'node:assert'
import {join} from 'node:path'
import type {Finding, Report} from '../../src/lib/report/types.js'
import {ROOT, runCli} from '../support/cli.js'

const FIXTURES = join(ROOT, 'test', 'fixtures', 'repos')

type FoundBy = 'flux-bootstrap' | 'flux-instance' | 'fluxinstance-chart' | 'flux-kustomizations' | 'kubeconfig-remote' | 'declared'

/** What the report must say about one cluster; a field left out is not checked. */
interface ExpectedCluster {
  id?: number
  podCIDRs?: string[]
  serviceCIDRs?: string[]
  lbIP?: string
  /** No Cilium release installs into this cluster (a hub): no clustermesh block. */
  noCilium?: true
  entry: {path: string; foundBy: FoundBy}
}

/** The planted mistake. Pairwise checks may name either side: `clusters` lists both, `files` the file of each side. */
interface Planted {
  id: string
  clusters: string[]
  files: string[]
}

interface Layout {
  fixture: string
  clusters: Record<string, ExpectedCluster>
  planted: Planted
  /** CM005 findings the layout is expected to give (parts that come from other repositories). */
  external?: RegExp
}

const LAYOUTS: Layout[] = [
  {
    // onedr0p/cluster-template: one cluster, flux-operator + the flux-instance chart (inline values), the synced
    // directory kubernetes/flux/cluster holds only ks.yaml. Every part of that path is generic, so the layout names
    // the cluster after the repository directory; Cilium's cluster.name (home) is the name people use, and wins.
    fixture: 'layout-cluster-template',
    clusters: {
      home: {
        id: 0,
        podCIDRs: ['10.42.0.0/16'],
        lbIP: '192.168.42.150',
        entry: {path: 'kubernetes/flux/cluster', foundBy: 'fluxinstance-chart'},
      },
    },
    planted: {id: 'CM202', clusters: ['home'], files: ['kubernetes/apps/kube-system/cilium/app/helmrelease.yaml']},
  },
  {
    // flux-instance chart shared by three clusters: values from a configMapGenerator ConfigMap (valuesFrom),
    // instance.sync.path kubernetes/flux/clusters/${CLUSTER_NAME} substituted from each cluster's cluster-settings.
    fixture: 'layout-flux-operator-3',
    clusters: {
      east: {
        id: 1, podCIDRs: ['10.10.0.0/16'], serviceCIDRs: ['10.11.0.0/16'], lbIP: '10.0.1.100',
        entry: {path: 'kubernetes/flux/clusters/east', foundBy: 'fluxinstance-chart'},
      },
      west: {
        id: 2, podCIDRs: ['10.20.0.0/16'], serviceCIDRs: ['10.21.0.0/16'], lbIP: '10.0.2.100',
        entry: {path: 'kubernetes/flux/clusters/west', foundBy: 'fluxinstance-chart'},
      },
      north: {
        id: 2, podCIDRs: ['10.30.0.0/16'], serviceCIDRs: ['10.31.0.0/16'], lbIP: '10.0.3.100',
        entry: {path: 'kubernetes/flux/clusters/north', foundBy: 'fluxinstance-chart'},
      },
    },
    planted: {
      id: 'CM203',
      clusters: ['north', 'west'],
      files: ['kubernetes/flux/clusters/north/cluster-settings.yaml', 'kubernetes/flux/clusters/west/cluster-settings.yaml'],
    },
  },
  {
    // fluxcd/flux2-kustomize-helm-example with Flux 2.7: an ArtifactGenerator splits the repository into the
    // ExternalArtifacts `infrastructure` and `apps`; the Kustomizations' paths are relative to those artifacts.
    // Per-cluster Cilium values are inline `patches` of the cluster's infra-controllers Kustomization.
    fixture: 'layout-kustomize-helm-example',
    clusters: {
      staging: {id: 1, podCIDRs: ['10.1.0.0/16'], lbIP: '172.18.1.100', entry: {path: 'clusters/staging', foundBy: 'flux-bootstrap'}},
      production: {id: 2, podCIDRs: ['10.1.0.0/16'], lbIP: '172.18.2.100', entry: {path: 'clusters/production', foundBy: 'flux-bootstrap'}},
    },
    planted: {
      id: 'CM205',
      clusters: ['production', 'staging'],
      // The PodCIDR of each side is written in that cluster's Kustomization patch.
      files: ['clusters/production/infrastructure.yaml', 'clusters/staging/infrastructure.yaml'],
    },
  },
  {
    // fluxcd/flux2-hub-spoke-example: the hub (./hub, synced by a `flux create`d Kustomization, nothing in git
    // says so) applies to the spokes through spec.kubeConfig.secretRef cluster-kubeconfig in the namespaces
    // staging and production; Cilium HelmReleases live on the hub and get spec.kubeConfig by a Kustomization patch.
    fixture: 'layout-hub-spoke',
    clusters: {
      hub: {noCilium: true, entry: {path: 'hub', foundBy: 'flux-kustomizations'}},
      staging: {id: 1, podCIDRs: ['10.1.0.0/16'], lbIP: '172.18.255.201', entry: {path: 'hub', foundBy: 'kubeconfig-remote'}},
      production: {id: 2, podCIDRs: ['10.2.0.0/16'], lbIP: '172.18.255.202', entry: {path: 'hub', foundBy: 'kubeconfig-remote'}},
    },
    planted: {
      id: 'CM208',
      clusters: ['production', 'staging'],
      // production's 511 is in its values patch; staging's 255 is the chart default, located at the shared release.
      files: ['clusters/production/infra-controllers/cilium-values.yaml', 'deploy/infra-controllers/cilium.yaml'],
    },
  },
  {
    // controlplaneio-fluxcd/d2-fleet: a FluxInstance per cluster (clusters/<name>/flux-system/flux-instance.yaml,
    // sync from an OCIRepository), Cilium in a ResourceSet whose inputs come from flux-runtime-info by postBuild.
    fixture: 'layout-d2-fleet',
    clusters: {
      eu: {
        id: 1, podCIDRs: ['10.101.0.0/16'], serviceCIDRs: ['10.201.0.0/16'], lbIP: '10.10.1.100',
        entry: {path: 'clusters/eu', foundBy: 'flux-instance'},
      },
      us: {
        id: 2, podCIDRs: ['10.102.0.0/16'], serviceCIDRs: ['10.202.0.0/16'], lbIP: '10.10.2.100',
        entry: {path: 'clusters/us', foundBy: 'flux-instance'},
      },
    },
    // The peer list is shared, so both clusters render the entry "us" without a port.
    planted: {id: 'CM215', clusters: ['eu', 'us'], files: ['tenants/cilium.yaml']},
    // As in d2-fleet, the tenants' infrastructure comes from another repository (OCIRepository d2-infra): not rendered, said so.
    external: /builds from OCIRepository (cert-manager|monitoring)\/infra \(oci:\/\/ghcr\.io\/example\/d2-infra\//,
  },
  {
    // helmfile: no GitOps engine; .kubectl-mesh.yaml declares both clusters with their values files and CIDRs.
    fixture: 'layout-helmfile',
    clusters: {
      'eu-west': {
        id: 1, podCIDRs: ['10.244.0.0/16'], serviceCIDRs: ['10.96.0.0/12'], lbIP: '10.50.1.100',
        entry: {path: '', foundBy: 'declared'},
      },
      'us-east': {
        id: 2, podCIDRs: ['10.100.0.0/16'], serviceCIDRs: ['10.200.0.0/16'], lbIP: '10.60.1.100',
        entry: {path: '', foundBy: 'declared'},
      },
    },
    planted: {id: 'CM206', clusters: ['us-east', 'eu-west'], files: ['.kubectl-mesh.yaml']},
  },
]

function lint(fixture: string): Report {
  const run = runCli(['lint', join(FIXTURES, fixture), '-o', 'json'])
  assert.ok(run.stdout.trim(), `no JSON report (exit ${run.code}): ${run.stderr}`)
  const report = JSON.parse(run.stdout) as Report
  // A correct mesh with one planted error: the run fails (1), it is neither incomplete (3) nor a usage error (2).
  assert.equal(run.code, 1, `exit code (stderr: ${run.stderr.trim()})`)
  return report
}

const show = (fs: Finding[]) => fs.map((f) => `${f.id} ${f.cluster ?? '-'}${f.peer ? `→${f.peer}` : ''} ${f.file ?? ''}: ${f.message}`).join('\n')

describe('lint finds every cluster of the common repository layouts', () => {
  for (const layout of LAYOUTS) {
    describe(layout.fixture, () => {
      let report: Report
      before(function () {
        report = lint(layout.fixture)
      })

      it('reports exactly the expected clusters, each with how it was found', () => {
        assert.deepEqual(report.clusters.map((c) => c.name).sort(), Object.keys(layout.clusters).sort())
        for (const [name, want] of Object.entries(layout.clusters)) {
          const c = report.clusters.find((x) => x.name === name)!
          assert.deepEqual(c.entry && {path: c.entry.path, foundBy: c.entry.foundBy}, want.entry, `${name}: entry`)
          if (want.noCilium) {
            assert.equal(c.clustermesh, undefined, `${name}: no Cilium release installs into it`)
            continue
          }
          if (want.id !== undefined) assert.equal(c.id, want.id, `${name}: id`)
          if (want.podCIDRs) assert.deepEqual(c.podCIDRs, want.podCIDRs, `${name}: podCIDRs`)
          if (want.serviceCIDRs) assert.deepEqual(c.serviceCIDRs, want.serviceCIDRs, `${name}: serviceCIDRs`)
          if (want.lbIP) assert.equal(c.clustermesh?.lbIP, want.lbIP, `${name}: clustermesh.lbIP`)
          assert.equal(c.clustermesh?.useAPIServer, true, `${name}: clustermesh.useAPIServer`)
        }
      })

      it('renders every cluster: no duplicate objects across clusters (CM003), clusters found (CM004)', () => {
        const input = report.findings.filter((f) => f.id === 'CM003' || f.id === 'CM004')
        assert.deepEqual(input, [], show(input))
      })

      it(`finds the planted ${layout.planted.id} and nothing else`, () => {
        const {id, clusters, files} = layout.planted
        const planted = report.findings.filter((f) => f.id === id)
        assert.ok(planted.length > 0, `${id} not found; findings:\n${show(report.findings)}`)
        for (const f of planted) {
          assert.ok(f.cluster && clusters.includes(f.cluster), `${id} names cluster ${f.cluster}, expected one of ${clusters.join(', ')}`)
          if (clusters.length > 1 && f.peer) assert.ok(clusters.includes(f.peer), `${id} names peer ${f.peer}`)
          assert.ok(f.file && files.includes(f.file), `${id} points at ${f.file}, expected one of ${files.join(', ')}`)
        }
        // A correct mesh apart from the planted mistake: no other error or warning.
        const external = (f: Finding) => f.id === 'CM005' && !!layout.external?.test(f.message)
        const others = report.findings.filter((f) => f.id !== id && f.severity !== 'info' && !external(f))
        assert.deepEqual(others, [], `other findings:\n${show(others)}`)
      })
    })
  }
})
