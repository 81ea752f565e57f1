// The checks of `kubectl mesh connect-check`, in the order their steps run.
import type {Check} from '../engine.js'
import type {ConnectModel} from '../../connect/types.js'
import {CM501} from './CM501-endpoint-dns.js'
import {CM502} from './CM502-endpoint-tcp.js'
import {CM503} from './CM503-server-tls.js'
import {CM504} from './CM504-client-auth.js'
import {CM505} from './CM505-etcd-access.js'
import {CM506} from './CM506-cluster-config.js'
import {CM507} from './CM507-heartbeat-stale.js'
import {CM301, CM308} from './source-problems.js'

export const CONNECT_CHECKS: readonly Check<ConnectModel>[] = [CM301, CM308, CM501, CM502, CM503, CM504, CM505, CM506, CM507]
