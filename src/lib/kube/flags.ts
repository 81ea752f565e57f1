// From the shared kube flags (src/lib/cli/report-flags.ts kubeFlags) to openClusters options.
import {parseDuration} from '../cli/duration.js'
import type {OpenClustersOptions} from './index.js'

export interface KubeFlagValues {
  kubeconfig?: string
  context?: string[]
  'all-contexts'?: boolean
  'request-timeout'?: string
}

export function kubeOptionsFromFlags(flags: KubeFlagValues): OpenClustersOptions {
  return {
    ...(flags.kubeconfig ? {kubeconfig: flags.kubeconfig} : {}),
    ...(flags.context ? {context: flags.context} : {}),
    allContexts: flags['all-contexts'] ?? false,
    requestTimeoutMs: parseDuration(flags['request-timeout'] ?? '10s', 'request-timeout'),
  }
}
