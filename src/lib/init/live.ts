// Opening the new cluster's context and reading its facts. A context given as a flag that cannot be read
// ends the run (exit 3, nothing written); one picked at a prompt only prints why and goes on without it.
import {ExitWith} from '../cli/errors.js'
import {openClusters} from '../kube/index.js'
import {EXIT} from '../report/build.js'
import {readLiveFacts} from './live-facts.js'
import type {LiveFacts} from './suggest.js'

export interface KubeAccess {
  kubeconfig?: string
  namespace: string
  requestTimeoutMs: number
}

export async function openLive(kube: KubeAccess, context: string, options: {soft?: boolean} = {}): Promise<LiveFacts | undefined> {
  const [client] = await openClusters({...(kube.kubeconfig ? {kubeconfig: kube.kubeconfig} : {}), context: [context], requestTimeoutMs: kube.requestTimeoutMs})
  const read = await readLiveFacts(client!, kube.namespace)
  if (read.facts) return read.facts
  const message = `cannot read context ${context}: ${read.problem}`
  if (options.soft) {
    process.stderr.write(`${message}; going on without it\n`)
    return undefined
  }
  throw new ExitWith(EXIT.incomplete, `${message}; nothing written`)
}
