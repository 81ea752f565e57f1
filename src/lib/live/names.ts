// Names people know: a live finding names the Cilium cluster (cilium-config cluster-name) first and the kube
// context beside it, "apps (context arn:aws:eks:eu-west-1:1234:cluster/prod-eu)". The scope key of results and
// findings is the Cilium name when it is known and no other context of the run claims it, else the context.

export interface Named {
  context: string
  /** cilium-config cluster-name, when read. */
  name?: string
}

/** "apps (context c1)"; the context alone when the name is unknown or the same. */
export function label(c: Named): string {
  return c.name && c.name !== c.context ? `${c.name} (context ${c.context})` : c.context
}

/** The scope key of each context: its Cilium name when unique in the run, else the context name. */
export function clusterKeys(clusters: readonly Named[]): Map<string, string> {
  const count = new Map<string, number>()
  for (const c of clusters) if (c.name) count.set(c.name, (count.get(c.name) ?? 0) + 1)
  const contexts = new Set(clusters.map((c) => c.context))
  const out = new Map<string, string>()
  for (const c of clusters) {
    // A name that is also another context's name would make two scopes one: keep the context then.
    const unique = c.name && count.get(c.name) === 1 && (!contexts.has(c.name) || c.name === c.context)
    out.set(c.context, unique ? c.name! : c.context)
  }
  return out
}

/** Adds `context` to findings whose cluster is a key of `keys` (key -> context); the engine carries no context. */
export function withContexts<F extends {cluster?: string; context?: string}>(findings: F[], contextOf: ReadonlyMap<string, string>): F[] {
  return findings.map((f) => (f.cluster !== undefined && contextOf.has(f.cluster) && f.context === undefined ? {...f, context: contextOf.get(f.cluster)} : f))
}
