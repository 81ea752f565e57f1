// A small Flux repository declaring the test mesh (alpha, beta, gamma), written to a harness tmp dir: per-cluster
// settings (name, id, clustermesh-apiserver IP) substituted into one Cilium HelmRelease that lists every cluster as a
// peer with its ips (listing itself is fine: the agent skips its own entry).
import fs from 'node:fs'
import path from 'node:path'
import {makeTmpDir} from '../env/index.js'
import type {ClusterSpec} from './mesh.js'

function write(root: string, rel: string, text: string) {
  const file = path.join(root, rel)
  fs.mkdirSync(path.dirname(file), {recursive: true})
  fs.writeFileSync(file, text)
}

const fluxKustomization = (name: string, p: string, substitute: boolean) => `apiVersion: kustomize.toolkit.fluxcd.io/v1
kind: Kustomization
metadata:
  name: ${name}
  namespace: flux-system
spec:
  interval: 10m
  path: ${p}
  prune: true
  sourceRef:
    kind: GitRepository
    name: flux-system
${substitute ? '  postBuild:\n    substituteFrom:\n      - kind: ConfigMap\n        name: cluster-settings\n' : ''}`

export function writeMeshRepo(specs: ClusterSpec[]): string {
  const root = makeTmpDir('doctor-repo')
  for (const s of specs) {
    const dir = `kubernetes/clusters/${s.name}`
    write(root, `${dir}/flux-system/gotk-sync.yaml`, `apiVersion: source.toolkit.fluxcd.io/v1
kind: GitRepository
metadata:
  name: flux-system
  namespace: flux-system
spec:
  interval: 1m
  ref:
    branch: main
  url: ssh://git@example.com/mesh/gitops
---
${fluxKustomization('flux-system', `./${dir}`, false)}`)
    write(root, `${dir}/flux-system/kustomization.yaml`, 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - gotk-sync.yaml\n')
    write(root, `${dir}/cluster-settings.yaml`, `apiVersion: v1
kind: ConfigMap
metadata:
  name: cluster-settings
  namespace: flux-system
data:
  CLUSTER: ${s.name}
  CLUSTER_ID: "${s.id}"
  POD_CIDR: "10.${s.podOctet}.0.0/16"
  SERVICE_CIDR: "10.${s.podOctet + 100}.0.0/16"
  CLUSTERMESH_IP: "${s.lbIP}"
`)
    write(root, `${dir}/infrastructure.yaml`, fluxKustomization('infrastructure', './kubernetes/infrastructure', true))
  }
  write(root, 'kubernetes/infrastructure/kustomization.yaml', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - cilium.yaml\n  - pool.yaml\n')
  const peers = specs.map((s) => `          - name: ${s.name}\n            port: 2379\n            ips: ["${s.lbIP}"]`).join('\n')
  write(root, 'kubernetes/infrastructure/cilium.yaml', `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: cilium
  namespace: kube-system
spec:
  interval: 30m
  chart:
    spec:
      chart: cilium
      version: 1.18.3
      sourceRef:
        kind: HelmRepository
        name: cilium
        namespace: flux-system
  values:
    cluster:
      name: \${CLUSTER}
      id: \${CLUSTER_ID}
    ipam:
      mode: cluster-pool
      operator:
        clusterPoolIPv4PodCIDRList: ["\${POD_CIDR}"]
    tls:
      ca:
        cert: c2hhcmVkLWNh
        key: c2hhcmVkLWtleQ==
    clustermesh:
      useAPIServer: true
      maxConnectedClusters: 255
      apiserver:
        kvstoremesh:
          enabled: false
        service:
          type: LoadBalancer
          annotations:
            lbipam.cilium.io/ips: \${CLUSTERMESH_IP}
      config:
        enabled: true
        clusters:
${peers}
`)
  write(root, 'kubernetes/infrastructure/pool.yaml', `apiVersion: cilium.io/v2
kind: CiliumLoadBalancerIPPool
metadata:
  name: mesh
spec:
  blocks:
    - cidr: \${CLUSTERMESH_IP}/32
`)
  return root
}
