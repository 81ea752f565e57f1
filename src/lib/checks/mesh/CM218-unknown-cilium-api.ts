// CM218: cilium.io kinds and versions Cilium does not serve are refused by the API server (no such CRD/version).
// The best-known one is "cilium.io/v2alpha1 ClusterMesh" from blog posts: ClusterMesh has no CRD at all.
import {ciliumApiVerdict} from '../../mesh/cilium-apis.js'
import {at} from '../../mesh/fact.js'
import {type MeshCheck} from './support.js'

export const CM218: MeshCheck = {
  id: 'CM218',
  run(model, ctx) {
    for (const m of model.clusters) {
      const chart = m.cilium?.chartVersion
      const minor = chart?.known && m.cilium && !m.cilium.defaults.assumed ? m.cilium.defaults.chart : undefined
      let fired = false
      for (const o of m.ciliumObjects) {
        const version = o.apiVersion.slice(o.apiVersion.indexOf('/') + 1)
        const verdict = ciliumApiVerdict(o.kind, version, minor)
        if (verdict.served) continue
        fired = true
        const which = `${o.apiVersion} ${o.kind} ${o.resource.name}`
        const message = !verdict.kindKnown
          ? o.kind === 'ClusterMesh'
            ? `${which}: Cilium has no ClusterMesh resource; the mesh is configured through the Helm values (clustermesh.*) and the cilium-clustermesh Secret`
            : `${which}: Cilium serves no kind ${o.kind} in cilium.io`
          : `${which}: Cilium ${minor ?? '1.16–1.18'} serves ${o.kind} as ${verdict.servedVersions.map((v) => `cilium.io/${v}`).join(', ') || 'no version'}, not ${o.apiVersion}`
        ctx.report({cluster: m.name, message, ...at({pos: o.pos, resource: o.resource})})
      }
      if (!fired) ctx.pass({cluster: m.name})
    }
  },
}
