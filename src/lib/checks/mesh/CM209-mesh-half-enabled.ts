// CM209: mesh material without a clustermesh-apiserver: peers configured or a mesh Secret present while
// clustermesh.useAPIServer is false, or listed by a peer while not serving the mesh.
import {at, provenance} from '../../mesh/fact.js'
import {type MeshCheck, meshName, withCilium} from './support.js'

export const CM209: MeshCheck = {
  id: 'CM209',
  run(model, ctx) {
    for (const m of withCilium(model)) {
      const use = m.clustermesh.useAPIServer
      if (!use.known) {
        ctx.skip({cluster: m.name}, use.reason)
        continue
      }
      if (use.value) {
        ctx.pass({cluster: m.name})
        continue
      }
      // In kvstore mode the agents' own etcd serves the mesh: no clustermesh-apiserver is needed.
      const mode = m.datapath.identityAllocationMode
      if (mode.known && mode.value === 'kvstore') {
        ctx.pass({cluster: m.name})
        continue
      }
      let fired = false
      const material = [
        ...m.meshSecrets.filter((p) => p.kind !== 'chart').map((p) => `${p.kind} ${p.namespace ? `${p.namespace}/` : ''}${p.secret}`),
        ...(m.clustermesh.configEnabled.known && m.clustermesh.configEnabled.value && m.clustermesh.peers.known && m.clustermesh.peers.value.length
          ? ['clustermesh.config.clusters']
          : []),
      ]
      if (material.length) {
        fired = true
        ctx.report({
          cluster: m.name,
          message: `${m.name} carries mesh material (${material.join(', ')}) but clustermesh.useAPIServer${provenance(use)} is false: peers have nothing to connect to`,
          ...at(use),
        })
      }
      const name = meshName(m)
      for (const o of model.clusters) {
        if (o === m || !o.clustermesh.peers.known) continue
        const entry = o.clustermesh.peers.value.find((p) => p.name === name)
        if (!entry) continue
        fired = true
        ctx.report({
          cluster: m.name,
          peer: o.name,
          message: `${o.name} lists ${name} as a peer, but ${m.name} does not run the clustermesh-apiserver (clustermesh.useAPIServer is false)`,
          ...at(use),
          details: entry.pos ? [`peer entry at ${entry.pos.file}:${entry.pos.line}:${entry.pos.column}`] : [],
        })
      }
      if (!fired) ctx.pass({cluster: m.name})
    }
  },
}
