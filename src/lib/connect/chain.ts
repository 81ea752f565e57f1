// One endpoint, step by step like the agent; the chain stops at the first failing step, and every
// later step is recorded as not reached, so exactly one check fires per broken endpoint.
import {type EtcdChannel, ProbeSession} from '../probe/index.js'
import {type ChainContext, type ChainState, skip, type StepFn} from './chain-state.js'
import {parseEndpoint} from './endpoint.js'
import {clientAuthStep, clusterConfigStep, etcdStep, heartbeatStep} from './steps-etcd.js'
import {dnsStep, tcpStep, tlsStep} from './steps-network.js'
import {type ChainOutcome, type EndpointResult, type Step, STEP_CHECK, STEPS, type StepOutcome} from './types.js'

declare module './chain-state.js' {
  interface ChainContext {
    /** What the run's chains share (TLS material, sessions, DNS answers, open channels); one per chain without it. */
    session?: ProbeSession
  }
  interface ChainState {
    /** The chain's one gRPC channel to the endpoint, for every etcd read of the peer; closed with the chain. */
    etcd?: EtcdChannel
  }
}

const STEP_FNS: Record<Step, StepFn> = {
  dns: dnsStep,
  tcp: tcpStep,
  tls: tlsStep,
  'client-auth': clientAuthStep,
  etcd: etcdStep,
  'cluster-config': clusterConfigStep,
  heartbeat: heartbeatStep,
}

export async function runChain(endpoint: string, ctx: ChainContext, signal?: AbortSignal): Promise<EndpointResult & {state: ChainState}> {
  const parsed = parseEndpoint(endpoint)
  if (!parsed.ok) throw new Error(`runChain: ${parsed.problem}`) // peer configs with bad endpoints never get here
  const state: ChainState = {endpoint, host: parsed.host, port: parsed.port, isIP: parsed.isIP, addresses: []}
  const steps = {} as ChainOutcome
  const own = ctx.session ? undefined : new ProbeSession()
  if (own) ctx = {...ctx, session: own}
  try {
    await runSteps(state, steps, ctx, signal)
  } finally {
    if (state.etcd) ctx.session!.release(state.etcd)
    own?.close()
  }
  return {
    endpoint,
    host: state.host,
    port: state.port,
    addresses: state.addresses,
    ...(state.connectedTo ? {connectedTo: state.connectedTo} : {}),
    steps,
    state,
  }
}

async function runSteps(state: ChainState, steps: ChainOutcome, ctx: ChainContext, signal?: AbortSignal): Promise<void> {
  let stop: string | undefined
  for (const step of STEPS) {
    if (stop) {
      steps[step] = skip(stop)
      continue
    }
    const remaining = ctx.deadline === undefined ? Infinity : ctx.deadline - Date.now()
    if (signal?.aborted || remaining <= 0) {
      stop = 'not reached: the run timed out'
      steps[step] = skip(stop)
      continue
    }
    const stepCtx = remaining < ctx.stepTimeoutMs ? {...ctx, stepTimeoutMs: Math.max(1, Math.floor(remaining))} : ctx
    let outcome: StepOutcome
    try {
      outcome = await STEP_FNS[step](state, stepCtx)
    } catch (error) {
      outcome = {status: 'error', error}
    }
    steps[step] = outcome
    if (outcome.status === 'fail') stop = `not reached: ${STEP_CHECK[step]} failed first`
    if (outcome.status === 'error') stop = `not reached: ${STEP_CHECK[step]} hit an internal error`
  }
}
