// The live checks, in id order: CM3xx about one cluster, CM4xx across the clusters of one doctor run.
import {CM301} from './CM301-context-unreachable.js'
import {CM302} from './CM302-cilium-missing.js'
import {CM303} from './CM303-cilium-agents-not-ready.js'
import {CM304} from './CM304-mesh-identity.js'
import {CM305} from './CM305-clustermesh-apiserver-not-ready.js'
import {CM306} from './CM306-clustermesh-apiserver-no-address.js'
import {CM307} from './CM307-address-drift.js'
import {CM308} from './CM308-mesh-secret.js'
import {CM309} from './CM309-externalsecret-not-ready.js'
import {CM310} from './CM310-certificate.js'
import {CM311} from './CM311-agent-remote-status.js'
import {CM401} from './CM401-ca-mismatch.js'
import {CM402} from './CM402-duplicate-identity-live.js'
import {CM403} from './CM403-pod-cidr-overlap-live.js'
import {CM404} from './CM404-asymmetric-peering.js'
import {CM405} from './CM405-peer-endpoint-mismatch.js'
import {CM406} from './CM406-max-connected-clusters-live.js'
import {CM407} from './CM407-cilium-version-skew-live.js'
import {CM408} from './CM408-global-service-live.js'
import type {LiveCheck} from './support.js'

export type {LiveCheck} from './support.js'

export const LIVE_CHECKS: readonly LiveCheck[] = [
  CM301, CM302, CM303, CM304, CM305, CM306, CM307, CM308, CM309, CM310, CM311,
  CM401, CM402, CM403, CM404, CM405, CM406, CM407, CM408,
]
