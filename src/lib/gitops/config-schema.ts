// JSON Schema (draft-07) of .kubectl-mesh.yaml. docs/config.schema.json is this object, printed by
// `kubectl mesh config schema`; a test keeps the two identical.

/** A lower-case DNS label (RFC 1123), as Kubernetes names clusters, namespaces and contexts. */
export const DNS_LABEL = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'
/** An IPv4 or IPv6 CIDR as written (the numbers are checked after the schema). */
export const CIDR_PATTERN = '^[0-9A-Fa-f:.]+/[0-9]{1,3}$'

const cidrs = (what: string) => ({
  description: `${what}: one CIDR or a list of CIDRs (IPv4 and/or IPv6). Wins over what the repository says.`,
  type: ['string', 'array'],
  pattern: CIDR_PATTERN,
  minItems: 1,
  items: {type: 'string', pattern: CIDR_PATTERN},
})

const repoPath = {type: 'string', minLength: 1}

export const CONFIG_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'https://github.com/kubectl-mesh/kubectl-mesh/raw/main/docs/config.schema.json',
  title: 'kubectl-mesh repository configuration (.kubectl-mesh.yaml)',
  description:
    'Clusters declared by hand (for layouts no GitOps engine describes: helmfile, Talos, Terraform, scripts) and suppressed findings. Paths are relative to the repository root and must stay inside it.',
  type: 'object',
  additionalProperties: false,
  properties: {
    clusters: {
      description: 'The clusters of the mesh. When present, only these clusters are checked.',
      type: 'array',
      items: {$ref: '#/definitions/cluster'},
    },
    suppress: {
      description: 'Findings accepted on purpose, each with a reason. Suppressed findings are listed but never fail the run.',
      type: 'array',
      items: {$ref: '#/definitions/suppression'},
    },
  },
  definitions: {
    cluster: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: {
          description: 'The cluster name findings use: a lower-case DNS label.',
          type: 'string',
          maxLength: 63,
          pattern: DNS_LABEL,
        },
        path: {...repoPath, description: 'Flux entry directory of the cluster. Omit it for a cluster no GitOps engine renders.'},
        ciliumValues: {
          description:
            'Helm values files of the Cilium release (helmfile, Terraform helm_release, scripts), merged in order with Helm\'s rules: maps merge key by key, anything else is replaced by the later file. Used when the cluster has no Cilium HelmRelease.',
          type: ['string', 'array'],
          minLength: 1,
          minItems: 1,
          items: repoPath,
        },
        ciliumVersion: {
          description: 'Cilium chart version the values files are installed with (selects the chart defaults); unknown when absent.',
          type: 'string',
          pattern: '^v?[0-9]+\\.[0-9]+(\\.[0-9]+)?([-+][0-9A-Za-z.-]+)?$',
        },
        ciliumNamespace: {
          description: 'Namespace of the Cilium release installed from ciliumValues (default kube-system).',
          type: 'string',
          maxLength: 63,
          pattern: DNS_LABEL,
        },
        podCIDRs: cidrs('PodCIDRs of the cluster'),
        serviceCIDRs: cidrs('ServiceCIDRs of the cluster'),
        nodeCIDRs: cidrs('Node networks of the cluster'),
        clusterMeshAddress: {
          description:
            'The clustermesh-apiserver address the peers use: a host name (the FQDN in their configs and certificates) or an IP address (the pinned LoadBalancer address).',
          type: 'string',
          minLength: 1,
          maxLength: 253,
          pattern: '^[0-9A-Za-z]([-0-9A-Za-z.:]*[0-9A-Za-z])?$',
        },
        context: {
          description: 'kube context of this cluster, for doctor --repo and dns-check --repo.',
          type: 'string',
          minLength: 1,
        },
      },
    },
    suppression: {
      type: 'object',
      additionalProperties: false,
      required: ['id', 'reason'],
      properties: {
        id: {description: 'Check id (CM213) or name.', type: 'string', minLength: 1},
        reason: {description: 'Why the finding is accepted.', type: 'string', minLength: 1},
        cluster: {description: 'Only findings about this cluster.', type: ['string', 'number']},
        peer: {description: 'Only findings with this peer cluster.', type: ['string', 'number']},
        file: {description: 'Only findings in this file (repository-relative).', type: ['string', 'number']},
      },
    },
  },
} as const
