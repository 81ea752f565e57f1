// The CRDs doctor reads, installed into the test kube-apiservers. Modelled on Cilium 1.18's
// pkg/k8s/apis/cilium.io/client/crds (CiliumNode v2; CiliumLoadBalancerIPPool v2 with the deprecated v2alpha1 still
// served) and external-secrets' ExternalSecret v1, trimmed to the fields doctor reads; the rest is kept as unknown
// fields, as a real CRD would store it.
import {parseAllDocuments} from 'yaml'
import type {Cluster} from '../env/index.js'

const CRDS = `
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ciliumnodes.cilium.io}
spec:
  group: cilium.io
  names: {kind: CiliumNode, listKind: CiliumNodeList, plural: ciliumnodes, singular: ciliumnode, shortNames: [cn, ciliumn], categories: [cilium]}
  scope: Cluster
  versions:
  - name: v2
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        required: [metadata, spec]
        properties:
          spec:
            type: object
            x-kubernetes-preserve-unknown-fields: true
            properties:
              addresses:
                type: array
                items: {type: object, properties: {ip: {type: string}, type: {type: string}}}
              ipam:
                type: object
                x-kubernetes-preserve-unknown-fields: true
                properties:
                  podCIDRs: {type: array, items: {type: string}}
          status: {type: object, x-kubernetes-preserve-unknown-fields: true}
    subresources: {status: {}}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: ciliumloadbalancerippools.cilium.io}
spec:
  group: cilium.io
  names: {kind: CiliumLoadBalancerIPPool, listKind: CiliumLoadBalancerIPPoolList, plural: ciliumloadbalancerippools, singular: ciliumloadbalancerippool, shortNames: [ippools, ippool, lbippool, lbippools], categories: [cilium]}
  scope: Cluster
  versions:
  - &pool
    name: v2
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        required: [metadata, spec]
        properties:
          spec:
            type: object
            properties:
              allowFirstLastIPs: {type: string, enum: ["Yes", "No"]}
              blocks:
                type: array
                items: {type: object, properties: {cidr: {type: string, format: cidr}, start: {type: string}, stop: {type: string}}}
              disabled: {type: boolean, default: false}
              serviceSelector: {type: object, x-kubernetes-preserve-unknown-fields: true}
          status: {type: object, x-kubernetes-preserve-unknown-fields: true}
    subresources: {status: {}}
  - <<: *pool
    name: v2alpha1
    storage: false
    deprecated: true
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: externalsecrets.external-secrets.io}
spec:
  group: external-secrets.io
  names: {kind: ExternalSecret, listKind: ExternalSecretList, plural: externalsecrets, singular: externalsecret, shortNames: [es], categories: [external-secrets]}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-preserve-unknown-fields: true
            properties:
              secretStoreRef: {type: object, properties: {kind: {type: string}, name: {type: string}}}
              target: {type: object, x-kubernetes-preserve-unknown-fields: true, properties: {name: {type: string}, creationPolicy: {type: string}}}
          status:
            type: object
            x-kubernetes-preserve-unknown-fields: true
            properties:
              conditions:
                type: array
                items:
                  type: object
                  properties:
                    type: {type: string}
                    status: {type: string}
                    reason: {type: string}
                    message: {type: string}
                    lastTransitionTime: {type: string, format: date-time}
    subresources: {status: {}}
`

export const CRD_DOCUMENTS: Record<string, unknown>[] = parseAllDocuments(CRDS, {merge: true}).map((d) => d.toJS({maxAliasCount: 10}) as Record<string, unknown>)

/** Creates the CRDs and waits until the API server serves them. */
export async function installCrds(cluster: Cluster): Promise<void> {
  for (const crd of CRD_DOCUMENTS) {
    const r = await cluster.request('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd)
    if (r.status !== 201 && r.status !== 409) throw new Error(`install CRD: HTTP ${r.status} ${JSON.stringify(r.body)}`)
  }
  const served: [string, string[]][] = [
    ['/apis/cilium.io/v2', ['CiliumNode', 'CiliumLoadBalancerIPPool']],
    ['/apis/cilium.io/v2alpha1', ['CiliumLoadBalancerIPPool']],
    ['/apis/external-secrets.io/v1', ['ExternalSecret']],
  ]
  const deadline = Date.now() + 30_000
  for (const [path, wanted] of served) {
    for (;;) {
      const r = await cluster.request('GET', path)
      const kinds = ((r.body as {resources?: {kind: string}[]})?.resources ?? []).map((x) => x.kind)
      if (r.status === 200 && wanted.every((k) => kinds.includes(k)) && (await listable(cluster, path, r.body))) break
      if (Date.now() > deadline) throw new Error(`CRDs not served at ${path}: HTTP ${r.status}`)
      await new Promise((res) => setTimeout(res, 100))
    }
  }
}

// Right after a CRD is established its storage may still answer 429 "storage is (re)initializing".
async function listable(cluster: Cluster, path: string, discovery: unknown): Promise<boolean> {
  const resources = ((discovery as {resources?: {name: string; namespaced: boolean}[]}).resources ?? []).filter((r) => !r.name.includes('/'))
  for (const r of resources) {
    const list = await cluster.request('GET', `${path}${r.namespaced ? '/namespaces/kube-system' : ''}/${r.name}`)
    if (list.status !== 200) return false
  }
  return true
}
