// What one chain carries from step to step, and what every step may read.
import type {CertificateFacts, EtcdVersionResult} from '../probe/index.js'
import type {ExpectedId, PeerConfig, StepOutcome} from './types.js'

export interface ChainContext {
  peer: PeerConfig
  /** --resolve overrides (lower-case host -> addresses). */
  resolve: ReadonlyMap<string, string[]>
  resolver?: string
  stepTimeoutMs: number
  /** End of the whole run (--timeout), epoch ms: no step waits past it, so nothing lingers after exit 124. */
  deadline?: number
  expected?: ExpectedId
  /** Cluster names known from the run (for a name-mismatch hint). */
  knownClusters: readonly string[]
  hostAliasGap?: string
  now: () => number
}

export interface ChainState {
  endpoint: string
  host: string
  port: number
  isIP: boolean
  addresses: string[]
  connectedTo?: string
  serverCertificate?: CertificateFacts
  clientVerdict?: 'accepted' | 'unconfirmed' | 'not-sent'
  /** Set by the TLS step when the server refused our certificate during/after the handshake. */
  clientRejected?: string
  version?: EtcdVersionResult
  heartbeat?: string
}

export type StepFn = (state: ChainState, ctx: ChainContext) => Promise<StepOutcome>

export const pass = (message: string, details?: string[]): StepOutcome => ({status: 'pass', message, ...(details?.length ? {details} : {})})
export const fail = (message: string, details?: string[]): StepOutcome => ({status: 'fail', message, ...(details?.length ? {details} : {})})
export const skip = (reason: string): StepOutcome => ({status: 'skip', reason})
