// CM407: the agents' image versions should be the same everywhere (and within a cluster, outside an upgrade).
import {imageVersion} from '../../doctor/parse-workloads.js'
import {atLeastTwo, type LiveCheck, list, need, ref, reference, type Reached, who} from './support.js'

export const CM407: LiveCheck = {
  id: 'CM407',
  run(model, ctx) {
    const clusters = atLeastTwo(model, ctx)
    if (!clusters) return
    const versions: {key: string; item: Reached}[] = []
    for (const c of clusters) {
      const got = need(ctx, c, c.reads.agents, c.reads.agentPods)
      if (!got) continue
      const [ds, pods] = got
      const running = [...new Set(pods.flatMap((p) => p.containers.filter((s) => s.name === 'cilium-agent').flatMap((s) => imageVersion(s.image) ?? [])))].sort()
      const wanted = imageVersion(ds?.image)
      if (!wanted && running.length === 0) {
        ctx.skip({cluster: c.context}, 'no agent image found (CM302)')
        continue
      }
      if (running.length > 1)
        ctx.report({cluster: c.context, message: `the agents of ${who(c)} run ${running.length} versions: ${list(running)} (an upgrade in progress or stuck)`, resource: ref(c, 'DaemonSet', ds?.name ?? 'cilium', 'apps/v1')})
      versions.push({key: wanted ?? running[0], item: c})
    }
    const base = reference(versions)
    if (!base) return
    for (const {key, item} of versions) {
      if (key === base.key) ctx.pass({cluster: item.context})
      else
        ctx.report({
          cluster: item.context,
          peer: base.first.context,
          message: `Cilium ${key} in ${who(item)}, ${base.key} in ${who(base.first)}`,
          resource: ref(item, 'DaemonSet', item.reads.agents.ok && item.reads.agents.value ? item.reads.agents.value.name : 'cilium', 'apps/v1'),
        })
    }
  },
}
