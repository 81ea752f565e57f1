// CM308: the agents (and KVStoreMesh) connect to exactly the entries of the mesh Secrets, and take each entry's key
// as the remote cluster's name (pkg/clustermesh/common/config.go). Missing, empty, unreadable, misnamed or
// incomplete Secrets all leave peers unconnected.
import {listedByOthers, meshKnown, meshMembers} from '../../doctor/membership.js'
import {usesKvstoremesh} from '../../doctor/endpoints.js'
import type {MeshSecret} from '../../doctor/types.js'
import {entryVerdict} from '../../live/mesh-secret.js'
import {nameProblem} from '../mesh/CM201-invalid-cluster-name.js'
import {eachReached, type LiveCheck, list, meshNameOf, need, ref} from './support.js'

export const CM308: LiveCheck = {
  id: 'CM308',
  run(model, ctx) {
    const members = meshMembers(model)
    const known = meshKnown(model)
    for (const c of eachReached(model, ctx)) {
      const kvstoremesh = usesKvstoremesh(c.reads)
      const got = need(ctx, c, c.reads.apiserver, c.reads.clustermeshSecret, ...(kvstoremesh ? [c.reads.kvstoremeshSecret] : []))
      if (!got) continue
      const self = meshNameOf(c)
      const others = listedByOthers(model, c)
      const problems: {secret: string; message: string}[] = []
      const inspect = (name: string, secret: MeshSecret | undefined, why: string) => {
        if (!secret) return problems.push({secret: name, message: `Secret ${name} not found in ${c.namespace}${why}`})
        for (const u of secret.unreadable) problems.push({secret: name, message: `${name} entry "${u.key}" is not an etcd config: ${u.reason}`})
        const peers = secret.peers.filter((p) => p.name !== self)
        if (peers.length === 0 && secret.unreadable.length === 0) return problems.push({secret: name, message: `${name} has no entry with an etcd config (no key holding "endpoints:")${why}`})
        for (const p of peers) {
          const unusable = entryVerdict(p.name, p.problems ?? [])
          if (unusable) problems.push({secret: name, message: `${name}: ${unusable}`})
          const bad = nameProblem(p.name, 1)
          if (bad) problems.push({secret: name, message: `${name} entry "${p.name}" is not a valid cluster name (${bad}); the agents take the key as the remote cluster's name`})
          else if (known && !members.has(p.name) && !others.has(p.name))
            problems.push({secret: name, message: `${name} entry "${p.name}" names no cluster of the mesh (${list([...members].sort())}): the agents will look for cilium/cluster-config/${p.name} and never find it`})
        }
        const missing = [...members].filter((m) => m !== self && !secret.peers.some((p) => p.name === m)).sort()
        if (self && missing.length > 0) problems.push({secret: name, message: `${name} has no entry for ${list(missing)}, ${missing.length === 1 ? 'a cluster' : 'clusters'} of the mesh`})
      }
      const [, clustermesh, kvSecret] = got as [unknown, MeshSecret | undefined, MeshSecret | undefined]
      inspect('cilium-clustermesh', clustermesh, '')
      if (kvstoremesh) inspect('cilium-kvstoremesh', kvSecret, ' (KVStoreMesh is enabled: it dials the remote clusters from this Secret)')
      for (const p of problems) ctx.report({cluster: c.context, message: p.message, resource: ref(c, 'Secret', p.secret)})
      if (problems.length === 0) ctx.pass({cluster: c.context})
    }
  },
}
