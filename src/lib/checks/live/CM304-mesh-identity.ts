// CM304: the live cluster-name/cluster-id must be valid (the CM201/CM202 rules on what runs) and, with --repo,
// be what the repository declares. Peers key this cluster by its live name and id.
import {at} from '../../mesh/fact.js'
import {factValue, repoClusterFor} from '../../doctor/repository.js'
import {nameProblem} from '../mesh/CM201-invalid-cluster-name.js'
import {eachReached, type LiveCheck, need, ref} from './support.js'

export const CM304: LiveCheck = {
  id: 'CM304',
  run(model, ctx) {
    for (const c of eachReached(model, ctx)) {
      const got = need(ctx, c, c.reads.config)
      if (!got) continue
      const [config] = got
      if (!config) {
        ctx.skip({cluster: c.context}, 'no cilium-config (CM302)')
        continue
      }
      const resource = ref(c, 'ConfigMap', 'cilium-config')
      // Unset keys take the agent's defaults: cluster-name "default", cluster-id 0.
      const name = config.clusterName ?? 'default'
      const rawId = (config.clusterId ?? '0').trim()
      const max = config.maxConnectedClusters?.trim() === '511' ? 511 : 255
      const problems: string[] = []
      const nameBad = nameProblem(name, rawId)
      if (nameBad) problems.push(`cluster-name "${name}" ${nameBad}`)
      if (!/^\d+$/.test(rawId)) problems.push(`cluster-id "${rawId}" is not an integer`)
      else if (Number(rawId) === 0) problems.push('cluster-id is 0: the agents run with ClusterMesh off')
      else if (Number(rawId) > max) problems.push(`cluster-id ${rawId} is outside 1..${max}`)
      for (const p of problems) ctx.report({cluster: c.context, message: `live ${p}`, resource})

      if (model.repo) {
        const match = repoClusterFor(model.repo, c.context, config.clusterName)
        if (!match) {
          ctx.skip({cluster: c.context}, `--repo: no repository cluster is named ${config.clusterName ?? c.context} (by cluster-name or context)`)
          continue
        }
        const m = match.cluster
        const repoName = factValue(m.clusterName)
        const repoId = factValue(m.clusterId)
        if (typeof repoName === 'string' && repoName !== name)
          ctx.report({cluster: c.context, message: `live cluster-name is "${name}", the repository (${m.name}) declares "${repoName}"`, resource, ...fileOf(at(m.clusterName))})
        if (repoId !== undefined && String(repoId) !== rawId)
          ctx.report({cluster: c.context, message: `live cluster-id is ${rawId}, the repository (${m.name}) declares ${String(repoId)}`, resource, ...fileOf(at(m.clusterId))})
      }
      if (problems.length === 0) ctx.pass({cluster: c.context})
    }
  },
}

// The finding is about the live object; the repository line is where to fix it.
const fileOf = (loc: ReturnType<typeof at>) => ({...(loc.file ? {file: loc.file, line: loc.line, column: loc.column} : {})})
