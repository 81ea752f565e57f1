// The CRDs doctor reads, installed into the test kube-apiservers: Cilium's own, from the version pinned in
// testenv/cilium/go.mod (pkg/k8s/apis/cilium.io/client/crds, copied into the testenv cache by
// scripts/testenv-cilium.sh; suites require 'cilium-crds'), and external-secrets' ExternalSecret v1, hand-written
// and trimmed to the fields doctor reads; the rest is kept as unknown fields, as a real CRD would store it.
import {parseAllDocuments} from 'yaml'
import {type Cluster, type CrdDocument, ciliumCrds, installCustomResources} from '../env/index.js'

// The Cilium CRDs the doctor mesh uses (CiliumLoadBalancerIPPool: v2, and v2alpha1 still served).
export const CILIUM_CRDS = ['ciliumnodes.cilium.io', 'ciliumloadbalancerippools.cilium.io']

const EXTERNAL_SECRETS = `
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

const externalSecretCrds = (): CrdDocument[] => parseAllDocuments(EXTERNAL_SECRETS).map((d) => d.toJS() as CrdDocument)

/** The CRD documents installCrds creates (reads Cilium's from the testenv cache). */
export function crdDocuments(): CrdDocument[] {
  const cilium = ciliumCrds()
  return [...CILIUM_CRDS.map((name) => cilium.find((c) => c.metadata.name === name)!), ...externalSecretCrds()]
}

/** Creates the CRDs and waits until the API server serves (and lists) them. */
export async function installCrds(cluster: Cluster): Promise<void> {
  await installCustomResources(cluster, crdDocuments())
}
