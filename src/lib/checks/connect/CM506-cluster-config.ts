// CM506 cluster-config: passes when cilium/cluster-config/<peer> exists and holds the id the peer declares.
import {stepCheck} from './step-check.js'

export const CM506 = stepCheck('cluster-config')
