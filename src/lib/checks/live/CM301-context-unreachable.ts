// CM301: a context that could not be reached, authenticated, or read (RBAC) makes the run incomplete. One finding
// per distinct failure, naming verb, resource and namespace, and the checks it left skipped: those whose catalogue
// declaration (inputs.kube, inputs.exec) names the failed read or exec.
import type {KubeFailure, KubeResult} from '../../kube/index.js'
import type {ClusterReads, ComponentView, LiveCluster} from '../../doctor/types.js'
import {READ_OBJECT} from '../../doctor/reads.js'
import type {KubeRead, PodExec} from '../catalogue.js'
import {checksNeeding} from '../registry.js'
import type {CheckContext} from '../engine.js'
import {describeFailure, type LiveCheck, list} from './support.js'

const needing = (kube: KubeRead) => checksNeeding('doctor', {kube})

const key = (f: KubeFailure) => [f.kind, f.verb, f.resource, f.namespace, f.name].join('\u0000')

function report(ctx: CheckContext, c: LiveCluster, f: KubeFailure, feeds: string[], what?: string) {
  ctx.report({
    cluster: c.context,
    message: `${what ? `${what}: ` : ''}${describeFailure(f)}${feeds.length ? ` (skipped: ${[...new Set(feeds)].sort().join(', ')})` : ''}`,
    ...(f.name && f.resource && !f.resource.includes('/') && !f.resource.startsWith('nonResourceURL')
      ? {resource: {kind: f.resource, name: f.name, ...(f.namespace ? {namespace: f.namespace} : {})}}
      : {}),
    ...(f.kind === 'forbidden' ? {hint: 'grant the read named here (docs/rbac.yaml lists everything doctor reads), or accept that these checks are skipped'} : {}),
  })
}

/** Failed execs, one finding per kind of failure (a forbidden exec fails the same way in every pod). */
function reportViews(ctx: CheckContext, c: LiveCluster, views: ComponentView[] | undefined, component: string, exec: PodExec) {
  const groups = new Map<string, {failure: KubeFailure; pods: string[]}>()
  for (const v of views ?? []) {
    if (v.remotes.ok) continue
    const f = v.remotes.error
    const k = `${f.kind}\u0000${f.status ?? ''}`
    const g = groups.get(k) ?? {failure: f, pods: []}
    g.pods.push(v.pod)
    groups.set(k, g)
  }
  for (const {failure, pods} of groups.values()) {
    const what = `could not read the ${component} status in ${pods.length === 1 ? 'pod' : `${pods.length} pods`} ${list(pods, 3)}`
    report(ctx, c, failure, checksNeeding('doctor', {exec}), what)
  }
}

export const CM301: LiveCheck = {
  id: 'CM301',
  run(model, ctx) {
    for (const c of model.clusters) {
      if (!c.reach.ok) {
        const f = c.reach.error
        ctx.report({cluster: c.context, message: `context ${c.context}: ${f.message}; nothing in this cluster was checked`})
        continue
      }
      if (!c.reads) continue
      const seen = new Map<string, {failure: KubeFailure; feeds: string[]}>()
      const note = (failure: KubeFailure, feeds: string[]) => {
        const entry = seen.get(key(failure)) ?? {failure, feeds: []}
        entry.feeds.push(...feeds)
        seen.set(key(failure), entry)
      }
      for (const [name, read] of Object.entries(c.reads) as [keyof ClusterReads, KubeResult<unknown>][]) {
        if (!read.ok) note(read.error, needing(READ_OBJECT[name]))
      }
      if (c.reads.globalServices.ok)
        for (const svc of c.reads.globalServices.value) if (!svc.readyEndpoints.ok) note(svc.readyEndpoints.error, needing('EndpointSlice'))
      for (const {failure, feeds} of seen.values()) report(ctx, c, failure, feeds)
      reportViews(ctx, c, c.agentViews, 'agent (cilium-dbg)', 'cilium-dbg status')
      reportViews(ctx, c, c.kvstoremeshViews, 'KVStoreMesh (kvstoremesh-dbg)', 'kvstoremesh-dbg status')
      ctx.pass({cluster: c.context})
    }
  },
}
