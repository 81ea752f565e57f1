// CM503 server-tls: passes when the server certificate chains to the source's trusted CA and covers the endpoint name (SNI).
import {stepCheck} from './step-check.js'

export const CM503 = stepCheck('tls')
