// CM507 heartbeat-stale: passes when cilium/.heartbeat was written within the last 2 minutes.
import {stepCheck} from './step-check.js'

export const CM507 = stepCheck('heartbeat')
