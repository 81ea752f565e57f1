// The agents' and KVStoreMesh's own view of the remote clusters, by exec into their pods (what
// `cilium clustermesh status` does). Only ready pods are asked: a pod that is not ready is CM303/CM305's finding.
import type {ClusterClient, KubeResult} from '../kube/index.js'
import type {ExecOutput, ExecTarget} from '../kube/exec.js'
import {AGENT_STATUS_COMMAND, KVSTOREMESH_STATUS_COMMAND, type ParsedStatus, parseAgentStatus, parseKvstoremeshStatus} from './agent-status.js'
import {mapLimit} from './pool.js'
import type {ClusterReads, ComponentView, PodFacts} from './types.js'

/** How doctor runs a command in a pod; the default goes through the context's API server. */
export type PodExec = (client: ClusterClient, target: ExecTarget) => Promise<KubeResult<ExecOutput>>

const EXEC_PARALLELISM = 8

async function ask(
  exec: PodExec,
  client: ClusterClient,
  namespace: string,
  pod: PodFacts,
  container: string,
  command: string[],
  parse: (stdout: string) => ParsedStatus,
): Promise<ComponentView> {
  const result = await exec(client, {namespace, pod: pod.name, container, command})
  const view = {pod: pod.name, container}
  if (!result.ok) return {...view, remotes: result}
  const {stdout, stderr, exitCode} = result.value
  const failed = (message: string): ComponentView => ({
    ...view,
    remotes: {ok: false, error: {kind: 'failed', context: client.context, verb: 'create', resource: 'pods/exec', namespace, name: pod.name, message}},
  })
  if (exitCode !== 0) return failed(`\`${command.join(' ')}\` in pod ${pod.name} exited ${exitCode}: ${(stderr || stdout).trim().split('\n')[0] || 'no output'}`)
  const parsed = parse(stdout)
  return parsed.ok ? {...view, remotes: {ok: true, value: parsed.remotes}} : failed(`\`${command.join(' ')}\` in pod ${pod.name}: ${parsed.reason}`)
}

const hasReady = (pod: PodFacts, container: string) => pod.containers.some((c) => c.name === container && c.ready)

export async function agentViews(exec: PodExec, client: ClusterClient, namespace: string, reads: ClusterReads): Promise<ComponentView[] | undefined> {
  if (!reads.agentPods.ok) return undefined
  const pods = reads.agentPods.value.filter((p) => hasReady(p, 'cilium-agent'))
  return mapLimit(pods, EXEC_PARALLELISM, (pod) => ask(exec, client, namespace, pod, 'cilium-agent', AGENT_STATUS_COMMAND, parseAgentStatus))
}

export async function kvstoremeshViews(exec: PodExec, client: ClusterClient, namespace: string, reads: ClusterReads): Promise<ComponentView[] | undefined> {
  if (!reads.apiserver.ok || !reads.apiserver.value?.kvstoremesh || !reads.apiserverPods.ok) return undefined
  const pods = reads.apiserverPods.value.filter((p) => hasReady(p, 'kvstoremesh'))
  return mapLimit(pods, EXEC_PARALLELISM, (pod) => ask(exec, client, namespace, pod, 'kvstoremesh', KVSTOREMESH_STATUS_COMMAND, parseKvstoremeshStatus))
}
