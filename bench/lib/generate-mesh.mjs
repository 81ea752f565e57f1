// Writes a Flux mesh repository of N clusters in the shape of examples/mesh-repo: shared infrastructure,
// one entry point and settings file per cluster, disjoint CIDRs, pools and ids. A correct mesh: lint finds no error.
import {cpSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'

function settings(i) {
  const name = `c${String(i).padStart(3, '0')}`
  const a = Math.floor(i / 250)
  const b = i % 250
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
  POD_CIDR: "10.${b}.0.0/16"
  SERVICE_CIDR: "172.${16 + a}.${b}.0/24"
  CILIUM_VERSION: "1.18.3"
  CILIUM_CLUSTERMESH_LB_IP: "192.168.${b}.10"
  CILIUM_LB_POOL_START: "192.168.${b}.10"
  CILIUM_LB_POOL_END: "192.168.${b}.29"
  CILIUM_CLUSTERMESH_SECRET_PATH: "kubernetes/${name}/cilium-clustermesh"
  SECRET_DOMAIN: "example.io"
`,
  }
}

/** Generates the repository under dir (replaced) and returns the cluster names. */
export function generateMesh(root, dir, n) {
  if (n < 1 || n > 250) throw new Error('1..250 clusters')
  rmSync(dir, {recursive: true, force: true})
  mkdirSync(dir, {recursive: true})
  const example = join(root, 'examples', 'mesh-repo')
  cpSync(join(example, 'kubernetes', 'infrastructure'), join(dir, 'kubernetes', 'infrastructure'), {recursive: true})
  const names = []
  for (let i = 1; i <= n; i++) {
    const {name, text} = settings(i)
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


