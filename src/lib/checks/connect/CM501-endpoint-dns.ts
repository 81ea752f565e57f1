// CM501 endpoint-dns: passes when the endpoint's host name resolves (after --resolve and the pod's host aliases).
import {stepCheck} from './step-check.js'

export const CM501 = stepCheck('dns')
