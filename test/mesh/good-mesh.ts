// A correct three-cluster mesh in the shape of the corpus and the seed stories: one set of manifests with
// ${VAR}s, one cluster-settings ConfigMap per cluster. Tests derive their broken variants from it.
import type {ClusterInput, MeshInput} from './fixture.js'

export const HELMRELEASE = 'kubernetes/infrastructure/networking/cilium/core/app/helmrelease.yaml'
export const OCIREPO = 'kubernetes/infrastructure/networking/cilium/core/app/ocirepository.yaml'
export const POOL = 'kubernetes/infrastructure/networking/cilium/ipam/app/lb-pool.yaml'
export const CA = 'kubernetes/infrastructure/networking/cilium/core/app/shared-ca.yaml'
export const STORE = 'kubernetes/infrastructure/security/external-secrets/store/clustersecretstore.yaml'
export const ECHO = 'kubernetes/apps/default/echo/service.yaml'
export const POLICY = 'kubernetes/apps/default/echo/policy.yaml'

export const PEERS = `        clusters:
          - name: infra
            address: clustermesh-infra.example.io
            port: 2379
          - name: apps
            address: clustermesh-apps.example.io
            port: 2379
          - name: edge
            address: clustermesh-edge.example.io
            port: 2379
`

export const helmRelease = (peers = PEERS) => `apiVersion: helm.toolkit.fluxcd.io/v2
kind: HelmRelease
metadata:
  name: cilium
  namespace: kube-system
spec:
  interval: 5m
  chartRef:
    kind: OCIRepository
    name: cilium-charts
  valuesFrom:
    - kind: Secret
      name: cilium-mesh-ca
      valuesKey: ca.crt
      targetPath: tls.ca.cert
    - kind: Secret
      name: cilium-mesh-ca
      valuesKey: ca.key
      targetPath: tls.ca.key
  values:
    cluster:
      name: \${CILIUM_CLUSTER_NAME}
      id: \${CILIUM_CLUSTER_ID}
    kubeProxyReplacement: true
    routingMode: tunnel
    tunnelProtocol: vxlan
    ipam:
      mode: cluster-pool
      operator:
        clusterPoolIPv4PodCIDRList: \${POD_CIDR}
    clustermesh:
      useAPIServer: true
      maxConnectedClusters: 255
      apiserver:
        service:
          type: LoadBalancer
          annotations:
            lbipam.cilium.io/ips: \${CILIUM_CLUSTERMESH_LB_IP}
        tls:
          auto:
            enabled: true
            method: helm
      config:
        enabled: true
        domain: mesh.cilium.io
${peers}`

export const SHARED: Record<string, string> = {
  [HELMRELEASE]: helmRelease(),
  [OCIREPO]: `apiVersion: source.toolkit.fluxcd.io/v1
kind: OCIRepository
metadata:
  name: cilium-charts
  namespace: kube-system
spec:
  interval: 12h
  url: oci://ghcr.io/home-operations/charts-mirror/cilium
  ref:
    tag: "\${CILIUM_VERSION}"
`,
  [POOL]: `apiVersion: cilium.io/v2
kind: CiliumLoadBalancerIPPool
metadata:
  name: \${CILIUM_CLUSTER_NAME}-pool
spec:
  blocks:
    - start: "\${CILIUM_LB_POOL_START}"
      stop: "\${CILIUM_LB_POOL_END}"
`,
  [CA]: `apiVersion: external-secrets.io/v1
kind: ExternalSecret
metadata:
  name: cilium-mesh-ca
  namespace: kube-system
spec:
  secretStoreRef:
    kind: ClusterSecretStore
    name: onepassword
  target:
    name: cilium-mesh-ca
  dataFrom:
    - extract:
        key: kubernetes/shared/cilium-mesh-ca
`,
  [STORE]: `apiVersion: external-secrets.io/v1
kind: ClusterSecretStore
metadata:
  name: onepassword
spec:
  provider:
    onepassword:
      connectHost: http://onepassword-connect.external-secrets.svc:8080
`,
  [ECHO]: `apiVersion: v1
kind: Service
metadata:
  name: echo
  namespace: default
  annotations:
    service.cilium.io/global: "true"
    service.cilium.io/affinity: local
spec:
  selector:
    app: echo
  ports:
    - port: 80
`,
  [POLICY]: `apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata:
  name: echo-from-local
  namespace: default
spec:
  endpointSelector:
    matchLabels:
      app: echo
  ingress:
    - fromEndpoints:
        - matchLabels:
            io.cilium.k8s.policy.cluster: \${CILIUM_CLUSTER_NAME}
`,
}

const NETS: Record<string, [string, string, string]> = {
  infra: ['10.244.0.0/16', '10.245.0.0/16', '100'],
  apps: ['10.246.0.0/16', '10.247.0.0/16', '120'],
  edge: ['10.248.0.0/16', '10.249.0.0/16', '140'],
}

export function settings(name: string, id: number): Record<string, string> {
  const [pod, svc, lb] = NETS[name]
  return {
    CILIUM_CLUSTER_NAME: name,
    CILIUM_CLUSTER_ID: String(id),
    POD_CIDR: `["${pod}"]`,
    SERVICE_CIDR: svc,
    CILIUM_VERSION: '1.18.3',
    CILIUM_CLUSTERMESH_LB_IP: `10.25.11.${lb}`,
    CILIUM_LB_POOL_START: `10.25.11.${lb}`,
    CILIUM_LB_POOL_END: `10.25.11.${Number(lb) + 19}`,
    CILIUM_CLUSTERMESH_FQDN: `clustermesh-${name}.example.io`,
  }
}

export const CLUSTERS: ClusterInput[] = [
  {name: 'infra', settings: settings('infra', 1)},
  {name: 'apps', settings: settings('apps', 2)},
  {name: 'edge', settings: settings('edge', 3)},
]

/** The good mesh with changes: settings overrides per cluster, replaced shared files, extra files. */
export function mesh(change: {
  settings?: Record<string, Record<string, string>>
  shared?: Record<string, string>
  files?: Record<string, Record<string, string>>
  without?: Record<string, string[]>
  clusters?: string[]
} = {}): MeshInput {
  return {
    shared: {...SHARED, ...change.shared},
    clusters: CLUSTERS.filter((c) => !change.clusters || change.clusters.includes(c.name)).map((c) => ({
      name: c.name,
      settings: {...c.settings, ...change.settings?.[c.name]},
      files: change.files?.[c.name] ?? {},
      without: change.without?.[c.name] ?? [],
    })),
  }
}
