// CM214: with clustermesh.config.enabled the chart renders Secret cilium-clustermesh (clustermesh-secret.yaml,
// on config.enabled alone since 1.15) and, with useAPIServer and KVStoreMesh, cilium-kvstoremesh. Another owner of
// the same Secret (ExternalSecret target, Secret, SOPS Secret, SealedSecret) and Helm overwrite each other.
import {at} from '../../mesh/fact.js'
import {MESH_SECRETS, sameNamespace} from '../../mesh/secrets.js'
import type {SecretProducer} from '../../mesh/types.js'
import {type MeshCheck, withCilium} from './support.js'

const describe = (p: SecretProducer) => {
  const where = p.pos ? ` (${p.pos.file}:${p.pos.line})` : ''
  if (p.kind === 'chart') return `the Cilium chart (clustermesh.config.enabled: true)${where}`
  return `${p.sops ? 'SOPS ' : ''}${p.kind} ${p.resource?.namespace ? `${p.resource.namespace}/` : ''}${p.resource?.name ?? p.secret}${where}`
}

export const CM214: MeshCheck = {
  id: 'CM214',
  run(model, ctx) {
    for (const m of withCilium(model)) {
      const ns = m.cilium?.namespace ?? ''
      let fired = false
      for (const secret of MESH_SECRETS) {
        const owners = m.meshSecrets.filter((p) => p.secret === secret && sameNamespace(p.namespace, ns))
        const others = owners.filter((p) => p.kind !== 'chart')
        const chart = owners.find((p) => p.kind === 'chart')
        if (others.length === 0) continue
        if (!chart && !m.clustermesh.configEnabled.known) {
          ctx.skip({cluster: m.name}, m.clustermesh.configEnabled.reason)
          fired = true
          continue
        }
        if (chart) {
          fired = true
          ctx.report({
            cluster: m.name,
            message: `Secret ${ns}/${secret} has two owners: ${describe(chart)} and ${describe(others[0])}`,
            ...at(m.clustermesh.configEnabled),
            details: others.map((o) => `also produced by ${describe(o)}`),
          })
        } else if (others.length > 1) {
          fired = true
          ctx.report({
            cluster: m.name,
            message: `Secret ${ns}/${secret} has ${others.length} owners: ${others.map(describe).join(', ')}`,
            ...at({pos: others[1].pos, resource: others[1].resource}),
          })
        }
      }
      if (!fired) ctx.pass({cluster: m.name})
    }
  },
}
