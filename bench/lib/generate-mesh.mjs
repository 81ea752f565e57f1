// Writes a Flux mesh repository of N clusters in the shape of examples/mesh-repo: shared infrastructure,
// one entry point and settings file per cluster, disjoint CIDRs, pools and ids. A correct mesh: lint finds no error.
import {cpSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

// Addresses stay disjoint up to Cilium's maximum of 511 clusters: a /20 PodCIDR in 10.0.0.0/8, a /24 ServiceCIDR in
// 172.16.0.0/12 and an LB pool in 100.64.0.0/10 per cluster.
function settings(i, n) {
  const name = `c${String(i).padStart(3, '0')}`
  const pod = `10.${i >> 4}.${(i & 15) << 4}.0/20`
  const service = `172.${16 + (i >> 8)}.${i & 255}.0/24`
  const lb = `100.${64 + (i >> 8)}.${i & 255}`
  return {
    name,
    text: `apiVersion: v1
kind: ConfigMap
metadata:
  name: cluster-settings
  namespace: flux-system
data:
  CILIUM_CLUSTER_NAME: "${name}"
  CILIUM_CLUSTER_ID: "${i}"
  POD_CIDR: "${pod}"
  SERVICE_CIDR: "${service}"
  CILIUM_VERSION: "1.18.3"
  CILIUM_CLUSTERMESH_LB_IP: "${lb}.10"
  CILIUM_LB_POOL_START: "${lb}.10"
  CILIUM_LB_POOL_END: "${lb}.29"
  CILIUM_MAX_CONNECTED_CLUSTERS: "${n > 255 ? 511 : 255}"
  CILIUM_CLUSTERMESH_SECRET_PATH: "kubernetes/${name}/cilium-clustermesh"
  SECRET_DOMAIN: "example.io"
`,
  }
}

/** Generates the repository under dir (replaced) and returns the cluster names. */
export function generateMesh(root, dir, n) {
  if (n < 1 || n > 511) throw new Error('1..511 clusters (Cilium maxConnectedClusters: 511)')
  rmSync(dir, {recursive: true, force: true})
  mkdirSync(dir, {recursive: true})
  const example = join(root, 'examples', 'mesh-repo')
  cpSync(join(example, 'kubernetes', 'infrastructure'), join(dir, 'kubernetes', 'infrastructure'), {recursive: true})
  // Ids above 255 need clustermesh.maxConnectedClusters: 511 in every cluster.
  const release = join(dir, 'kubernetes', 'infrastructure', 'networking', 'cilium', 'core', 'app', 'helmrelease.yaml')
  writeFileSync(release, readFileSync(release, 'utf8').replace('    clustermesh:\n', '    clustermesh:\n      maxConnectedClusters: ${CILIUM_MAX_CONNECTED_CLUSTERS}\n'))
  const names = []
  for (let i = 1; i <= n; i++) {
    const {name, text} = settings(i, n)
    names.push(name)
    const c = join(dir, 'kubernetes', 'clusters', name)
    cpSync(join(example, 'kubernetes', 'clusters', 'infra'), c, {recursive: true})
    writeFileSync(join(c, 'cluster-settings.yaml'), text)
    for (const file of ['flux-system/gotk-sync.yaml', 'infrastructure.yaml']) {
      const p = join(c, file)
      writeFileSync(p, readFileSync(p, 'utf8').replaceAll('cluster-infra-', `cluster-${name}-`).replaceAll('clusters/infra', `clusters/${name}`))
    }
  }
  return names
}


