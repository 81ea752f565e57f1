// The agent's steps once TLS is up: the first request (where TLS 1.3 reveals a refused client
// certificate), etcd's answer to version/health/cilium/.heartbeat, then cilium/cluster-config/<peer>
// and the heartbeat's age.
import {EtcdChannel, etcdHealth, etcdVersion, type EtcdTarget, tlsSessionId} from '../probe/index.js'
import {describeCertificate, firstCertificate} from './cert-lines.js'
import {type ChainContext, type ChainState, fail, pass, type StepFn} from './chain-state.js'
import {hostPort} from './endpoint.js'
import {judgeClusterConfig, judgeHeartbeat} from './verdicts.js'

function target(s: ChainState, ctx: ChainContext): EtcdTarget {
  const {ca, cert, key} = ctx.peer.tls
  return {
    url: `https://${hostPort(s.connectedTo!, s.port)}`,
    ...(s.isIP ? {} : {servername: s.host}),
    ...(ca ? {ca} : {}),
    ...(cert && key ? {cert, key} : {}),
    timeoutMs: ctx.stepTimeoutMs,
  }
}

// The chain's one channel to the peer's etcd, opened by its first read with the run's TLS material; it resumes
// the session the TLS step verified (no guard handshake then). runChain closes it. Each read keeps its step's timeout.
function channel(s: ChainState, ctx: ChainContext): EtcdChannel {
  if (s.etcd) return s.etcd
  const t = target(s, ctx)
  const session = ctx.session
  if (!session) return (s.etcd = new EtcdChannel(t))
  const material = {...(t.ca ? {ca: t.ca} : {}), ...(t.cert && t.key ? {cert: t.cert, key: t.key} : {})}
  const id = tlsSessionId(s.connectedTo!, s.port, t.servername, material)
  const ticket = session.tlsSession(id)
  return (s.etcd = session.track(
    new EtcdChannel(t, {
      secureContext: session.secureContext(material),
      ...(ticket ? {tlsSession: ticket} : {}),
    }),
  ))
}

// The client certificate's facts, parsed once per PEM (every chain of a run shares one certificate or a few).
const clientFacts = new Map<string, ReturnType<typeof firstCertificate>>()
function clientCertificate(pem: string | undefined) {
  if (!pem) return undefined
  if (!clientFacts.has(pem)) {
    if (clientFacts.size >= 64) clientFacts.clear()
    clientFacts.set(pem, firstCertificate(pem))
  }
  return clientFacts.get(pem)
}

const clientLines = (ctx: ChainContext) => {
  const c = clientCertificate(ctx.peer.tls.cert)
  return c ? describeCertificate(`client certificate (${ctx.peer.files.cert})`, c) : ['no client certificate in the peer config']
}

export const clientAuthStep: StepFn = async (s, ctx) => {
  const who = ctx.peer.name
  if (s.clientRejected) return fail(`${who}: TLS client authentication failed: ${s.clientRejected.replace(/^\S+:\d+ /, 'the server ')}`, clientLines(ctx))
  // A session ticket after the handshake means the server took our certificate: no request needed.
  if (s.clientVerdict === 'accepted') return pass(`${who}: client certificate accepted`)
  // Otherwise (TLS 1.3 judges the client certificate after the handshake) the first request tells.
  s.version = await etcdVersion(target(s, ctx))
  const v = s.version
  if (v.ok) return pass(`${who}: client certificate accepted (etcd ${v.server})`)
  if (v.error === 'tls-rejected') return fail(`${who}: TLS client authentication failed: ${v.message.replace(/^\S+:\d+ /, 'the server ')}`, clientLines(ctx))
  if (v.error === 'reset') {
    return fail(`${who}: the server closed the connection on the first request after the handshake (client certificate refused?): ${v.message}`, clientLines(ctx))
  }
  return pass(`${who}: client certificate not refused (the first request failed otherwise: ${v.message})`)
}

export const etcdStep: StepFn = async (s, ctx) => {
  const who = ctx.peer.name
  const v = s.version
  if (v && !v.ok) return fail(`${who}: GET /version: ${v.message}`)
  const t = target(s, ctx)
  const hb = await channel(s, ctx).get('cilium/.heartbeat', {timeoutMs: ctx.stepTimeoutMs})
  const cn = clientCertificate(ctx.peer.tls.cert)?.commonName
  const as = cn ? ` (client CN "${cn}")` : ''
  if (!hb.ok) {
    if (hb.error === 'denied') {
      return fail(`${who}: get cilium/.heartbeat: ${hb.message.replace(/^\S+:\d+: /, '')}${as}`, [`the etcd user is the client certificate's CN; Cilium's users are "remote" or "remote-<cluster>"`, ...clientLines(ctx)])
    }
    // Only now ask /health: it tells an unhealthy member from a broken path (one connection less when all is well).
    const health = await etcdHealth(t)
    const why = health.ok && !health.healthy ? `; etcd reports itself unhealthy${health.reason ? ` (${health.reason})` : ''}` : ''
    return fail(`${who}: get cilium/.heartbeat: ${hb.message.replace(/^\S+:\d+: /, '')}${why}`)
  }
  s.heartbeat = hb.kvs[0]?.value
  return pass(`${who}: read cilium/.heartbeat${cn ? ` as user ${cn}` : ''}${v?.ok ? ` (etcd ${v.server})` : ''}`)
}

export const clusterConfigStep: StepFn = async (s, ctx) => {
  const key = `cilium/cluster-config/${ctx.peer.name}`
  const r = await channel(s, ctx).get(key, {timeoutMs: ctx.stepTimeoutMs})
  if (!r.ok) {
    if (r.error === 'denied') {
      // The remote role may read only the server's own cluster-config: a denial means another name.
      return fail(`${key}: permission denied: the peer's etcd lets this user read only its own cluster's config, so the remote cluster is not named "${ctx.peer.name}"`, known(ctx))
    }
    return fail(`${key}: ${r.message.replace(/^\S+:\d+: /, '')}`)
  }
  return judgeClusterConfig(ctx.peer.name, r.kvs[0]?.value, ctx.expected, ctx.knownClusters)
}

export const heartbeatStep: StepFn = async (s, ctx) => judgeHeartbeat(s.heartbeat, ctx.now())

const known = (ctx: ChainContext) => {
  const others = ctx.knownClusters.filter((k) => k !== ctx.peer.name)
  return others.length ? [`clusters known from the contexts given: ${others.join(', ')}`] : undefined
}
