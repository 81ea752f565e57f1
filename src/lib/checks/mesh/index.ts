// The CM2xx checks, in id order: ClusterMesh semantics read from the repository.
import {CM201} from './CM201-invalid-cluster-name.js'
import {CM202} from './CM202-invalid-cluster-id.js'
import {CM203} from './CM203-duplicate-cluster-id.js'
import {CM204} from './CM204-duplicate-cluster-name.js'
import {CM205} from './CM205-pod-cidr-overlap.js'
import {CM206} from './CM206-pod-service-cidr-overlap.js'
import {CM207} from './CM207-service-cidr-overlap.js'
import {CM208} from './CM208-max-connected-clusters.js'
import {CM209} from './CM209-mesh-half-enabled.js'
import {CM210} from './CM210-lb-ip-not-pinned.js'
import {CM211} from './CM211-lb-ip-outside-pool.js'
import {CM212} from './CM212-lb-address-collision.js'
import {CM213} from './CM213-ca-not-shared.js'
import {CM214} from './CM214-clustermesh-secret-conflict.js'
import {CM215} from './CM215-peer-config-incomplete.js'
import {CM216} from './CM216-clustermesh-externalsecret.js'
import {CM217} from './CM217-cilium-version-skew.js'
import {CM218} from './CM218-unknown-cilium-api.js'
import {CM219} from './CM219-global-service-annotation.js'
import {CM220} from './CM220-same-nodeport.js'
import {CM221} from './CM221-datapath-mismatch.js'
import {CM222} from './CM222-apiserver-prerequisites.js'
import {CM223} from './CM223-policy-unknown-cluster.js'
import {CM224} from './CM224-global-service-one-sided.js'
import {CM225} from './CM225-argocd-helm-minted-ca.js'
import type {MeshCheck} from './support.js'

export type {MeshCheck} from './support.js'

export const MESH_CHECKS: readonly MeshCheck[] = [
  CM201, CM202, CM203, CM204, CM205, CM206, CM207, CM208, CM209, CM210, CM211, CM212,
  CM213, CM214, CM215, CM216, CM217, CM218, CM219, CM220, CM221, CM222, CM223, CM224, CM225,
]
