// The mesh model on the real corpus files (monosense-io/k8s-gitops): its Cilium HelmRelease, OCIRepository,
// cluster settings, ExternalSecret, store and LB pools, substituted per cluster as Flux postBuild would.
import assert from 'node:assert/strict'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {MESH_CHECKS} from '../../src/lib/checks/mesh/index.js'
import {buildMeshModel, clusterSummaries} from '../../src/lib/mesh/index.js'
import {lineOf, objectsFromYaml, run, substitute, variablesFrom} from './fixture.js'
import type {RenderedCluster, RenderedRepository} from '../../src/lib/gitops/types.js'

const CORPUS = join(process.cwd(), '../shared/corpus/monosense-io__k8s-gitops@606585d5')
const CILIUM = 'kubernetes/infrastructure/networking/cilium'
const SHARED = [
  `${CILIUM}/core/app/helmrelease.yaml`,
  `${CILIUM}/core/app/ocirepository.yaml`,
  `${CILIUM}/clustermesh/app/externalsecret.yaml`,
  'kubernetes/infrastructure/security/external-secrets/app/clustersecretstore.yaml',
]
const read = (p: string) => readFileSync(join(CORPUS, p), 'utf8')

function cluster(name: string): RenderedCluster {
  const settingsFile = `kubernetes/clusters/${name}/cluster-settings.yaml`
  const settings = objectsFromYaml(settingsFile, read(settingsFile))
  const variables = variablesFrom(settings)
  const files = [...SHARED, `${CILIUM}/ipam/${name}/app/lb-ippool-${name}.yaml`]
  const objects = files.flatMap((f) => objectsFromYaml(f, substitute(read(f), variables)))
  return {name, entry: `kubernetes/clusters/${name}`, objects: [...settings, ...objects], kustomizations: [], variables}
}

describe('mesh model on the corpus repository', function () {
  before(function () {
    if (!existsSync(CORPUS)) {
      console.log(`    skipped: corpus not found at ${CORPUS}`)
      this.skip()
    }
  })

  const repo = (): RenderedRepository => ({root: CORPUS, clusters: [cluster('infra'), cluster('apps')], findings: []})

  it('reads identity, networks and the clustermesh-apiserver address from the corpus naming scheme', () => {
    const [infra, apps] = clusterSummaries(buildMeshModel(repo()))
    assert.deepEqual(infra, {
      name: 'infra',
      id: 1,
      podCIDRs: ['10.244.0.0/16'],
      serviceCIDRs: ['10.245.0.0/16'],
      clustermesh: {
        useAPIServer: true,
        lbIP: '10.25.11.100',
        fqdn: 'clustermesh-infra.monosense.io',
        port: 2379,
        maxConnectedClusters: 255,
        kvstoremesh: true,
        tlsMethod: 'cronJob',
      },
      ciliumChart: '1.18.3',
      sources: [
        'kubernetes/clusters/infra/cluster-settings.yaml',
        `${CILIUM}/clustermesh/app/externalsecret.yaml`,
        `${CILIUM}/core/app/helmrelease.yaml`,
        `${CILIUM}/ipam/infra/app/lb-ippool-infra.yaml`,
      ],
      factSources: {clusterName: 'repository', id: 'repository', podCIDRs: 'repository', serviceCIDRs: 'repository', fqdn: 'repository', lbIP: 'repository'},
    })
    assert.equal(apps.id, 2)
    assert.deepEqual(apps.podCIDRs, ['10.246.0.0/16'])
  })

  it('points identity facts at cluster-settings.yaml lines', () => {
    const infra = buildMeshModel(repo()).clusters[0]
    const text = read('kubernetes/clusters/infra/cluster-settings.yaml')
    assert.equal(infra.clusterId.variable?.name, 'CLUSTER_ID')
    assert.equal(infra.clusterId.variable?.pos?.line, lineOf(text, '  CLUSTER_ID:'))
    assert.equal(infra.clustermesh.lbIPs.variable?.name, 'CLUSTERMESH_IP')
  })

  it('finds what is really wrong there, and nothing else', async () => {
    const {findings, results} = await run(MESH_CHECKS, buildMeshModel(repo()))
    const got = findings.map((f) => `${f.id} ${f.cluster}${f.peer ? `>${f.peer}` : ''}`).sort()
    assert.deepEqual(got, [
      // cronJob certificates with no shared CA: two CAs.
      'CM213 apps',
      'CM213 infra',
      // config.enabled: true while the ExternalSecret owns cilium-clustermesh.
      'CM214 apps',
      'CM214 infra',
      // Native routing with ipv4NativeRoutingCIDR = the cluster's own PodCIDR only.
      'CM221 apps>infra',
      'CM221 infra>apps',
    ])
    // The peers come from the ExternalSecret (dataFrom) too: whether a peer lists the other is unknown, not a warning.
    const cm215 = results.filter((r) => r.id === 'CM215' && r.status === 'skip')
    assert.deepEqual(cm215.map((r) => r.cluster).sort(), ['apps', 'infra'])
    assert.match(cm215[0].reason ?? '', /ExternalSecret .*cilium-clustermesh/)
    const hr = read(`${CILIUM}/core/app/helmrelease.yaml`)
    const cm214 = findings.find((f) => f.id === 'CM214')
    assert.equal(cm214?.file, `${CILIUM}/core/app/helmrelease.yaml`)
    assert.equal(cm214?.line, lineOf(hr, '      config:') + 1)
  })
})
