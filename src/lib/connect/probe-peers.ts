// Every (source, peer, endpoint) chain, in parallel up to a limit; each step has its own timeout, and
// the run's signal stops chains between steps.
import {ProbeSession} from '../probe/index.js'
import {runChain} from './chain.js'
import type {ExpectedId, PeerResult, Source} from './types.js'

export interface ProbeOptions {
  resolve: ReadonlyMap<string, string[]>
  resolver?: string
  stepTimeoutMs: number
  deadline?: number
  expectedIds: ReadonlyMap<string, ExpectedId>
  signal?: AbortSignal
  now?: () => number
  /** Chains in flight at once (each holds at most one or two sockets). */
  concurrency?: number
  onProgress?: (done: number, total: number) => void
}

export async function probePeers(sources: readonly Source[], options: ProbeOptions): Promise<PeerResult[]> {
  // Names of real clusters only: an offline source is named by a flag (or "local"), not by the mesh.
  const knownClusters = [...new Set([...sources.filter((s) => s.mode === 'live').map((s) => s.name), ...options.expectedIds.keys()])].sort()
  const jobs = sources.flatMap((source) =>
    source.peers.filter((p) => p.problems.length === 0).map((peer) => ({source, peer})),
  )
  const tasks = jobs.flatMap(({source, peer}, job) => peer.endpoints.map((endpoint) => ({job, source, peer, endpoint})))
  const results: PeerResult[] = jobs.map(({source, peer}) => ({source: source.name, peer: peer.name, endpoints: []}))
  let done = 0
  // One session for the run: TLS material parsed once, TLS sessions and DNS answers reused; every channel
  // still open is closed when the run ends or is aborted (an abort ends reads in flight at once).
  const session = new ProbeSession()
  const abort = () => session.close()
  options.signal?.addEventListener('abort', abort, {once: true})
  try {
    await probeAll()
  } finally {
    options.signal?.removeEventListener('abort', abort)
    session.close()
  }
  // Endpoints in the order the config lists them, whatever order they finished in.
  for (const [i, {peer}] of jobs.entries()) results[i].endpoints.sort((a, b) => peer.endpoints.indexOf(a.endpoint) - peer.endpoints.indexOf(b.endpoint))
  return results

  async function probeAll(): Promise<void> {
    await mapLimit(tasks, options.concurrency ?? 32, async ({job, source, peer, endpoint}) => {
      const r = await runChain(
        endpoint,
        {
          peer,
          resolve: options.resolve,
          ...(options.resolver ? {resolver: options.resolver} : {}),
          stepTimeoutMs: options.stepTimeoutMs,
          ...(options.deadline === undefined ? {} : {deadline: options.deadline}),
          ...(options.expectedIds.has(peer.name) ? {expected: options.expectedIds.get(peer.name)} : {}),
          knownClusters,
          ...(source.hostAliasGap ? {hostAliasGap: source.hostAliasGap} : {}),
          now: options.now ?? Date.now,
          session,
        },
        options.signal,
      )
      const {state, ...endpointResult} = r
      results[job].endpoints.push(endpointResult)
      if (state.serverCertificate && !results[job].serverCertificate) results[job].serverCertificate = state.serverCertificate
      options.onProgress?.(++done, tasks.length)
    })
  }
}

async function mapLimit<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length) await fn(items[next++])
  }
  await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker))
}
