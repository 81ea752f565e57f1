// Cluster names as they appear inside other names: "infra" in cluster-infra-config or kubernetes/infra/x,
// "INFRA" in INFRA_POOL_DISABLED. A token only matches between non-alphanumeric characters, so renaming
// infra never touches "infrastructure".

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** The upper-case spelling settings variables use: eu-west → EU_WEST. */
export const upperToken = (name: string) => name.toUpperCase().replaceAll('-', '_')

function tokenRegex(token: string): RegExp {
  return new RegExp(`(?<![A-Za-z0-9])${escape(token)}(?![A-Za-z0-9])`, 'g')
}

export function hasToken(text: string, name: string): boolean {
  return tokenRegex(name).test(text) || tokenRegex(upperToken(name)).test(text)
}

/** Replaces the cluster name (both spellings) by another one. */
export function renameTokens(text: string, from: string, to: string): string {
  if (from === to) return text
  return text.replace(tokenRegex(from), to).replace(tokenRegex(upperToken(from)), upperToken(to))
}

/**
 * A settings key that names a cluster (CILIUM_CLUSTERMESH_APPS_FQDN names apps): its family pattern with
 * "{}" for the cluster, and the cluster it names. Only names of the given clusters count.
 */
export function familyOf(key: string, clusters: readonly string[]): {pattern: string; member: string} | undefined {
  // Longest names first, so "eu-west-2" wins over "eu-west" when both exist.
  for (const name of [...clusters].sort((a, b) => b.length - a.length)) {
    const re = tokenRegex(upperToken(name))
    if (re.test(key)) return {pattern: key.replace(tokenRegex(upperToken(name)), '{}'), member: name}
  }
  return undefined
}

export const familyKey = (pattern: string, name: string) => pattern.replaceAll('{}', upperToken(name))
