// Runs a command in a pod's container through the API server's exec subresource: client-node's Exec over a
// WebSocket (v5/v4.channel.k8s.io). Never throws: a refusal is a KubeFailure naming pods/exec, so a check
// can say "forbidden: exec into pods in kube-system".
import {Writable} from 'node:stream'
import type {ClusterClient} from './cluster-client.js'
import type {KubeConfig} from './client.js'
import {credentialsFailure, httpFailure, type RequestFacts, unreachable} from './classify.js'
import {fail, type KubeFailure, type KubeResult, ok} from './result.js'

export interface ExecTarget {
  namespace: string
  pod: string
  container: string
  command: string[]
}

export interface ExecOutput {
  stdout: string
  stderr: string
  exitCode: number
}

// An agent's status JSON is a few hundred KiB at most; more means something else answered.
const MAX_OUTPUT = 8 * 1024 * 1024

/** Exec through the context of a ClusterClient (its credentials, its server, its request timeout). */
export function execInPod(client: ClusterClient, target: ExecTarget, timeoutMs = client.timeoutMs): Promise<KubeResult<ExecOutput>> {
  // ClusterClient keeps its KubeConfig private; exec is the one other call that needs it.
  const kc = client['kc'] as KubeConfig
  return execWith(kc, {context: client.context, server: client.server}, target, timeoutMs)
}

export async function execWith(
  kc: KubeConfig,
  where: {context: string; server: string},
  target: ExecTarget,
  timeoutMs: number,
): Promise<KubeResult<ExecOutput>> {
  const facts: RequestFacts = {...where, verb: 'create', resource: 'pods/exec', namespace: target.namespace, name: target.pod, timeoutMs}
  const {Exec} = await import('./exec-client.js')
  const stdout = collector()
  const stderr = collector()
  let status: {status?: string; message?: string; reason?: string; details?: {causes?: {reason?: string; message?: string}[]}} | undefined

  return new Promise((resolve) => {
    let socket: {close(): void; addEventListener(type: 'close', fn: () => void): void} | undefined
    let done = false
    const finish = (result: KubeResult<ExecOutput>) => {
      if (done) return
      done = true
      if (timer) clearTimeout(timer)
      socket?.close()
      resolve(result)
    }
    const timer =
      timeoutMs > 0
        ? setTimeout(() => finish(fail({...unreachable(facts, {name: 'TimeoutError'}), message: `exec in pod ${target.pod} (${where.context}) did not finish within ${timeoutMs / 1000}s`})), timeoutMs)
        : undefined
    const onClose = () => {
      if (!status) return finish(fail(failed(facts, `exec in pod ${target.pod} ended without an exit status`)))
      const exitCode = exitCodeOf(status)
      if (exitCode === undefined) return finish(fail(failed(facts, `exec in pod ${target.pod}: ${status.message ?? status.reason ?? 'failed'}`)))
      finish(ok({stdout: stdout.text(), stderr: stderr.text(), exitCode}))
    }
    new Exec(kc)
      .exec(target.namespace, target.pod, target.container, target.command, stdout.stream, stderr.stream, null, false, (s) => {
        status = s
      })
      .then((ws) => {
        socket = ws as unknown as typeof socket
        if (done) return ws.close()
        ws.addEventListener('close', onClose)
      })
      .catch((error: unknown) => finish(fail(connectFailure(facts, error))))
  })
}

// v4+ protocols end with a Status on channel 3: Success, or NonZeroExitCode with the code in details.causes.
function exitCodeOf(status: {status?: string; reason?: string; details?: {causes?: {reason?: string; message?: string}[]}}): number | undefined {
  if (status.status === 'Success') return 0
  if (status.reason !== 'NonZeroExitCode') return undefined
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode')
  const code = Number(cause?.message)
  return Number.isInteger(code) ? code : undefined
}

// ws reports a refused upgrade only as "Unexpected server response: <status>"; the status is all there is to go on.
function connectFailure(facts: RequestFacts, error: unknown): KubeFailure {
  const e = error as {message?: string; error?: unknown}
  const status = /Unexpected server response: (\d{3})/.exec(String(e?.message ?? ''))
  if (status) {
    const code = Number(status[1])
    const failure = httpFailure(facts, code, undefined)
    if (code === 403) {
      failure.message = `forbidden: cannot exec into pod "${facts.name}" in namespace "${facts.namespace}" (pods/exec: verb get before Kubernetes 1.35, create from 1.35)`
    } else if (code === 400) {
      failure.message = `the API server refused exec into pod "${facts.name}" (HTTP 400: the pod is not running on a node, or the container does not exist)`
    }
    return failure
  }
  const cause = e?.error ?? error
  const code = (cause as NodeJS.ErrnoException)?.code
  if (code || (cause as Error)?.name === 'TimeoutError') return unreachable(facts, cause)
  return credentialsFailure(facts, cause)
}

const failed = (facts: RequestFacts, message: string): KubeFailure => ({
  kind: 'failed',
  context: facts.context,
  verb: facts.verb,
  resource: 'pods/exec',
  namespace: facts.namespace,
  name: facts.name,
  message,
})

function collector(): {stream: Writable; text(): string} {
  const chunks: Buffer[] = []
  let size = 0
  const stream = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      size += chunk.length
      if (size <= MAX_OUTPUT) chunks.push(Buffer.from(chunk))
      callback()
    },
  })
  return {stream, text: () => Buffer.concat(chunks).toString('utf8')}
}
