// CM505 etcd-access: passes when etcd answers /version, /health and a read of cilium/.heartbeat for this client.
import {stepCheck} from './step-check.js'

export const CM505 = stepCheck('etcd')
