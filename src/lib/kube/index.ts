// Live clusters from the kubectl flags: load and merge the kubeconfig, pick the contexts, one client each.
// Every mistake in the flags or the kubeconfig is a UsageError (exit 2) before any request is sent.
import {UsageError} from '../cli/errors.js'
import {ClusterClient} from './cluster-client.js'
import {type ContextSelection, selectContexts} from './contexts.js'
import {type KubeconfigLocation, loadKubeconfig} from './kubeconfig-load.js'
import {type MergedKubeconfig, toKubeconfigDocument} from './kubeconfig-merge.js'

export {ClusterClient, type ResourceInfo, type ServerVersion} from './cluster-client.js'
export {type KubeFlagValues, kubeOptionsFromFlags} from './flags.js'
export {selectContexts, splitContextFlags} from './contexts.js'
export {kubeconfigPaths, loadKubeconfig, readKubeconfigs} from './kubeconfig-load.js'
export {type MergedKubeconfig, mergeKubeconfigs, toKubeconfigDocument} from './kubeconfig-merge.js'
export type {KubeFailure, KubeFailureKind, KubeObject, KubeResult, ListQuery, ObjectRef, UnreachableCause} from './result.js'

export interface OpenClustersOptions extends KubeconfigLocation, ContextSelection {
  requestTimeoutMs: number // --request-timeout, for each request
}

export async function openClusters(options: OpenClustersOptions): Promise<ClusterClient[]> {
  const merged = loadKubeconfig(options)
  const names = selectContexts(merged, options)
  return Promise.all(names.map((name) => clientFor(merged, name, options.requestTimeoutMs)))
}

export async function clientFor(merged: MergedKubeconfig, contextName: string, requestTimeoutMs: number): Promise<ClusterClient> {
  const context = merged.contexts.find((c) => c.name === contextName)
  if (!context) throw new UsageError(`unknown context "${contextName}"`)
  const clusterName = context.body.cluster
  const cluster = merged.clusters.find((c) => c.name === clusterName)
  if (!cluster) {
    throw new UsageError(`context "${contextName}" (${context.from}) names cluster "${String(clusterName ?? '')}", which the kubeconfig does not define`)
  }
  if (typeof cluster.body.server !== 'string' || cluster.body.server === '') {
    throw new UsageError(`cluster "${cluster.name}" (${cluster.from}) has no server`)
  }

  const {KubeConfig} = await import('./client.js')
  const kc = new KubeConfig()
  try {
    // Only this context's entries: a broken entry elsewhere in the kubeconfig must not block it (as in kubectl).
    const user = merged.users.find((u) => u.name === context.body.user)
    const only = {...merged, contexts: [context], clusters: [cluster], users: user ? [user] : []}
    kc.loadFromString(JSON.stringify(toKubeconfigDocument(only, contextName)))
  } catch (error) {
    throw new UsageError(`kubeconfig (${merged.files.join(', ')}): ${(error as Error).message.split('\n')[0]}`)
  }
  // client-node fills gaps with an invented "loaded-context"; make sure we got exactly what we asked for.
  if (kc.getCurrentContext() !== contextName || !kc.getCurrentCluster()) {
    throw new UsageError(`kubeconfig: context "${contextName}" could not be loaded`)
  }
  const namespace = typeof context.body.namespace === 'string' && context.body.namespace !== '' ? context.body.namespace : 'default'
  return new ClusterClient(contextName, cluster.body.server, namespace, requestTimeoutMs, kc)
}
