// The checks dns-check runs, in id order (CM301 first: a context that cannot be read explains the skips).
import {CM601} from './CM601-name-unresolved.js'
import {CM602} from './CM602-name-wrong-address.js'
import {CM603} from './CM603-name-not-live-address.js'
import {CM604} from './CM604-address-outside-pool.js'
import {CM605} from './CM605-peer-port-mismatch.js'
import {DNS_CONTEXT_UNREACHABLE} from './context-unreachable.js'
import type {DnsCheck} from './support.js'

export type {DnsCheck} from './support.js'

export const DNS_CHECKS: readonly DnsCheck[] = [DNS_CONTEXT_UNREACHABLE, CM601, CM602, CM603, CM604, CM605]
