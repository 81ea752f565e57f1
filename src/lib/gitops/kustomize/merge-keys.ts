// Which lists a strategic-merge patch merges element by element, and on which key.
// kustomize (kyaml merge2) takes this from the built-in Kubernetes OpenAPI schema; custom resources have no
// schema there, so their lists are replaced whole. This table holds the keys of the fields Flux repositories patch.
import type {JsonPath} from '../types.js'
import type {Gvk} from './resid.js'

/** Where the pod spec sits in each workload kind. */
const POD_SPEC_AT: Record<string, string[]> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
}

const BUILTIN_GROUPS = new Set(['', 'apps', 'batch', 'extensions'])

/** Merge keys of lists inside a pod spec, by path relative to the pod spec (numbers stand for any index). */
const POD_SPEC_KEYS: [string[], string][] = [
  [['containers'], 'name'],
  [['initContainers'], 'name'],
  [['ephemeralContainers'], 'name'],
  [['volumes'], 'name'],
  [['imagePullSecrets'], 'name'],
  [['hostAliases'], 'ip'],
  [['topologySpreadConstraints'], 'topologyKey'],
  [['resourceClaims'], 'name'],
  [['schedulingGates'], 'name'],
  ...['containers', 'initContainers', 'ephemeralContainers'].flatMap((c): [string[], string][] => [
    [[c, '*', 'env'], 'name'],
    [[c, '*', 'ports'], 'containerPort'],
    [[c, '*', 'volumeMounts'], 'mountPath'],
    [[c, '*', 'volumeDevices'], 'devicePath'],
  ]),
]

/** The merge key of the list at `path` of an object of kind `gvk`, or undefined when it is replaced whole. */
export function mergeKeyFor(gvk: Gvk, path: JsonPath): string | undefined {
  if (!BUILTIN_GROUPS.has(gvk.group)) return undefined
  const logical = path.map((s) => (typeof s === 'number' ? '*' : s))
  if (logical[0] === 'metadata' && logical[1] === 'ownerReferences' && logical.length === 2) return 'uid'
  if (gvk.kind === 'Service' && gvk.group === '' && logical.join('/') === 'spec/ports') return 'port'
  const at = POD_SPEC_AT[gvk.kind]
  if (!at || logical.length <= at.length || at.some((s, i) => logical[i] !== s)) return undefined
  const rest = logical.slice(at.length).join('/')
  return POD_SPEC_KEYS.find(([p]) => p.join('/') === rest)?.[1]
}
