// cilium-config, the agent DaemonSet, the clustermesh-apiserver Deployment and their pods → facts.
// Plain functions over the API objects; unknown shapes give empty facts, never exceptions.
import type {KubeObject} from '../kube/index.js'
import type {AgentDaemonSet, ApiserverDeployment, ContainerState, HostAlias, PodFacts} from './types.js'

type Rec = Record<string, unknown>
const rec = (v: unknown): Rec => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Rec) : {})
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined)
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0)

// cilium-config is read in one place for every command (src/lib/live).
export {parseCiliumConfig} from '../live/cilium-config.js'

export function hostAliases(podSpec: unknown): HostAlias[] {
  return arr(rec(podSpec).hostAliases).map((a) => ({
    ip: str(rec(a).ip) ?? '',
    hostnames: arr(rec(a).hostnames).flatMap((h) => (typeof h === 'string' ? [h] : [])),
  }))
}

const templateSpec = (o: KubeObject) => rec(rec(rec(o.spec).template).spec)
const containersOf = (spec: Rec) => arr(spec.containers).map(rec)

export function parseDaemonSet(ds: KubeObject): AgentDaemonSet {
  const spec = templateSpec(ds)
  const containers = containersOf(spec)
  const agent = containers.find((c) => c.name === 'cilium-agent') ?? containers[0]
  const status = rec(ds.status)
  return {
    name: ds.metadata.name,
    image: str(agent?.image),
    desired: num(status.desiredNumberScheduled),
    ready: num(status.numberReady),
    updated: num(status.updatedNumberScheduled),
    hostAliases: hostAliases(spec),
  }
}

export function parseDeployment(d: KubeObject): ApiserverDeployment {
  const spec = templateSpec(d)
  const replicas = rec(d.spec).replicas
  return {
    // replicas defaults to 1 when unset (apps/v1 defaulting)
    replicas: typeof replicas === 'number' ? replicas : 1,
    ready: num(rec(d.status).readyReplicas),
    kvstoremesh: containersOf(spec).some((c) => c.name === 'kvstoremesh'),
    hostAliases: hostAliases(spec),
  }
}

function containerState(s: Rec): ContainerState {
  const state = rec(s.state)
  const reason = str(rec(state.waiting).reason) ?? str(rec(state.terminated).reason)
  return {
    name: str(s.name) ?? '',
    ready: s.ready === true,
    ...(str(s.image) ? {image: str(s.image)} : {}),
    ...(reason ? {reason} : {}),
    restarts: num(s.restartCount),
  }
}

export function parsePod(pod: KubeObject): PodFacts {
  const status = rec(pod.status)
  const ready = arr(status.conditions).some((c) => rec(c).type === 'Ready' && rec(c).status === 'True')
  const statuses = arr(status.containerStatuses).map((s) => containerState(rec(s)))
  // Containers without a status yet (just scheduled) are not ready.
  const declared = containersOf(rec(pod.spec)).map((c) => str(c.name) ?? '')
  const missing = declared.filter((n) => !statuses.some((s) => s.name === n))
  const images = new Map(containersOf(rec(pod.spec)).map((c) => [str(c.name) ?? '', str(c.image)]))
  return {
    name: pod.metadata.name,
    ...(str(rec(pod.spec).nodeName) ? {node: str(rec(pod.spec).nodeName)} : {}),
    ...(str(status.phase) ? {phase: str(status.phase)} : {}),
    ready,
    containers: [
      ...statuses.map((s) => (s.image ? s : {...s, ...(images.get(s.name) ? {image: images.get(s.name)} : {})})),
      ...missing.map((name) => ({name, ready: false, reason: 'no status yet', restarts: 0, ...(images.get(name) ? {image: images.get(name)} : {})})),
    ],
  }
}

/** "quay.io/cilium/cilium:v1.18.3@sha256:…" → "v1.18.3"; the digest alone when there is no tag. */
export function imageVersion(image: string | undefined): string | undefined {
  if (!image) return undefined
  const [name, digest] = image.split('@')
  const slash = name.lastIndexOf('/')
  const colon = name.lastIndexOf(':')
  if (colon > slash) return name.slice(colon + 1)
  return digest ? `@${digest.slice(0, 19)}` : 'latest'
}
