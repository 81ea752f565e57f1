// What the repository cannot do for the new cluster: the secret-store items (names and non-secret etcd
// configs only), the DNS record, the Flux bootstrap command, and the checks to run once the cluster is up.
import type {RenderedCluster} from '../gitops/types.js'
import type {MeshCluster} from '../mesh/types.js'
import {type ClusterFacts, factsOf} from './facts.js'
import type {FollowUps} from './types.js'

/** The etcd client config an agent reads for one peer (the chart's clustermesh-secret shape). */
export function etcdConfig(peer: ClusterFacts, port: number): string {
  const host = peer.fqdn ?? peer.lbIP ?? peer.name
  return [
    'endpoints:',
    `- https://${host}:${port}`,
    'trusted-ca-file: /var/lib/cilium/clustermesh/common-etcd-client-ca.crt',
    'key-file: /var/lib/cilium/clustermesh/common-etcd-client.key',
    'cert-file: /var/lib/cilium/clustermesh/common-etcd-client.crt',
  ].join('\n')
}

const portOf = (c: MeshCluster) => (c.clustermesh.port.known ? c.clustermesh.port.value : 2379)
const ciliumName = (c: MeshCluster) => (c.clusterName.known ? String(c.clusterName.value) : c.name)

function secrets(template: MeshCluster, existing: readonly MeshCluster[], to: ClusterFacts): FollowUps['secrets'] {
  if (!to.secretPath || !factsOf(template).secretPath) return []
  const port = portOf(template)
  const own = {
    path: to.secretPath,
    keys: existing.map((c) => ({name: ciliumName(c), config: etcdConfig({...factsOf(c), name: ciliumName(c)}, portOf(c))})),
    note: `create it: one key per peer, named after the peer (${to.name} reads it through its ExternalSecret)`,
  }
  const theirs = existing.flatMap((c) => {
    const path = factsOf(c).secretPath
    return path ? [{path, keys: [{name: to.name, config: etcdConfig(to, port)}], note: `add the key ${to.name} to ${c.name}'s item`}] : []
  })
  return [own, ...theirs]
}

/** `flux bootstrap` for the new entry directory, from the template's GitRepository. */
export function bootstrapCommand(rendered: RenderedCluster | undefined, entry: string, context?: string): string | undefined {
  const root = rendered?.kustomizations.find((k) => !k.producedBy)
  const sourceName = (root?.object.object.spec as {sourceRef?: {name?: string}} | undefined)?.sourceRef?.name ?? 'flux-system'
  const repo = rendered?.objects.find((o) => o.object.kind === 'GitRepository' && o.object.metadata?.name === sourceName)?.object.spec as
    | {url?: string; ref?: {branch?: string}}
    | undefined
  if (!repo?.url) return undefined
  const branch = repo.ref?.branch ?? 'main'
  const ctx = context ? ` --context=${context}` : ''
  const gh = /^(?:https:\/\/|ssh:\/\/git@)github\.com[/:]([^/]+)\/([^/]+?)(?:\.git)?$/.exec(repo.url)
  if (gh) return `flux bootstrap github${ctx} --owner=${gh[1]} --repository=${gh[2]} --branch=${branch} --path=${entry}`
  return `flux bootstrap git${ctx} --url=${repo.url} --branch=${branch} --path=${entry}`
}

export interface FollowUpInput {
  template: MeshCluster
  rendered: RenderedCluster | undefined
  existing: readonly MeshCluster[]
  to: ClusterFacts
  entry: string
  repoArg: string
  context?: string
  sopsCopies: string[]
}

export function followUps(input: FollowUpInput): FollowUps {
  const {to, existing} = input
  const contexts = [input.context ?? to.name, ...existing.map((c) => c.name)].join(',')
  const bootstrap = bootstrapCommand(input.rendered, input.entry, input.context)
  return {
    secrets: secrets(input.template, existing, to),
    ...(to.fqdn && to.lbIP ? {dns: {name: to.fqdn, address: to.lbIP}} : {}),
    ...(bootstrap ? {bootstrap} : {}),
    commands: [
      `kubectl mesh doctor --context ${contexts} --repo ${input.repoArg} --wait=10m`,
      `kubectl mesh connect-check --context ${contexts}`,
      `kubectl mesh dns-check --repo ${input.repoArg}`,
    ],
    manual: input.sopsCopies.map((f) => `${f} is a copy of ${input.template.name}'s SOPS file, still encrypted for its recipients: re-encrypt it for ${to.name} (sops updatekeys) and check its values`),
  }
}
