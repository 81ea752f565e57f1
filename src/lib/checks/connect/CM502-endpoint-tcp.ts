// CM502 endpoint-tcp: passes when a TCP connection to the endpoint opens (refused and timed out are told apart).
import {stepCheck} from './step-check.js'

export const CM502 = stepCheck('tcp')
