// CM504 client-auth: passes when the peer accepts the source's client certificate (TLS 1.3 tells on the first request).
import {stepCheck} from './step-check.js'

export const CM504 = stepCheck('client-auth')
