// CM216: an ExternalSecret for a mesh Secret must live in Cilium's namespace (the agents mount it from there),
// name a store the cluster defines, and read the per-cluster remote key when the settings give one per cluster.
import {at} from '../../mesh/fact.js'
import type {MeshCluster, SecretProducer} from '../../mesh/types.js'
import {type MeshCheck, pairs, withCilium} from './support.js'

const KEY_VARIABLE = /CLUSTERMESH.*(SECRET_PATH|SECRET_KEY|REMOTE_KEY|SECRET)$/

const externalSecrets = (m: MeshCluster) => m.meshSecrets.filter((p) => p.kind === 'ExternalSecret' && p.externalSecret)

function storeProblem(m: MeshCluster, p: SecretProducer): string | undefined | null {
  const store = p.externalSecret?.store
  if (!store) return undefined
  if (m.secretStores.length === 0) return null
  const found = m.secretStores.some(
    (s) => s.kind === store.kind && s.name === store.name && (s.kind === 'ClusterSecretStore' || s.namespace === p.namespace),
  )
  return found ? undefined : `names ${store.kind} "${store.name}", which ${m.name} does not define${store.kind === 'SecretStore' ? ` in namespace ${p.namespace}` : ''}`
}

export const CM216: MeshCheck = {
  id: 'CM216',
  run(model, ctx) {
    const clusters = withCilium(model)
    const failed = new Set<string>()
    for (const m of clusters) {
      const ns = m.cilium?.namespace ?? ''
      for (const p of externalSecrets(m)) {
        const name = `ExternalSecret ${p.resource?.namespace ? `${p.resource.namespace}/` : ''}${p.resource?.name ?? p.secret}`
        if (p.namespace && p.namespace !== ns) {
          failed.add(m.name)
          ctx.report({cluster: m.name, message: `${name} makes ${p.secret} in namespace ${p.namespace}, but Cilium runs in ${ns}`, ...at(p)})
        }
        const problem = storeProblem(m, p)
        if (problem === null) ctx.skip({cluster: m.name}, 'no SecretStore/ClusterSecretStore is rendered for this cluster (a chart may create it)')
        else if (problem) {
          failed.add(m.name)
          ctx.report({cluster: m.name, message: `${name} ${problem}`, ...at({pos: p.externalSecret?.store.pos, resource: p.resource})})
        }
      }
    }
    for (const [a, b] of pairs(clusters)) {
      const keysA = new Set(externalSecrets(a).flatMap((p) => p.externalSecret?.remoteKeys.map((k) => k.key) ?? []))
      for (const p of externalSecrets(b))
        for (const k of p.externalSecret?.remoteKeys ?? []) {
          if (!keysA.has(k.key)) continue
          const differing = [...b.variables.keys()].find((v) => {
            const va = a.variables.get(v)
            const vb = b.variables.get(v)
            return KEY_VARIABLE.test(v) && va && vb && !va.unknown && !vb.unknown && va.value !== vb.value
          })
          if (!differing) continue
          failed.add(b.name)
          ctx.report({
            cluster: b.name,
            peer: a.name,
            message: `${b.name} and ${a.name} read the mesh Secret from the same remote key "${k.key}", but ${differing} gives each cluster its own (${a.name}: ${a.variables.get(differing)?.value}, ${b.name}: ${b.variables.get(differing)?.value})`,
            ...at({pos: k.pos, resource: p.resource}),
          })
        }
    }
    for (const m of clusters) if (!failed.has(m.name)) ctx.pass({cluster: m.name})
  },
}
