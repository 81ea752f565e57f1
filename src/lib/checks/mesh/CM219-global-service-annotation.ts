// CM219: Cilium reads service.cilium.io/global and /shared as true/false and /affinity as local/remote/none
// (pkg/annotation; the io.cilium/* names are the older spellings). Other values are silently ignored, and
// affinity only applies to a global service.
import {at} from '../../mesh/fact.js'
import type {GlobalService} from '../../mesh/types.js'
import {type MeshCheck} from './support.js'

const GLOBAL = ['service.cilium.io/global', 'io.cilium/global-service']
const SHARED = ['service.cilium.io/shared', 'io.cilium/shared-service']
const AFFINITY = ['service.cilium.io/affinity', 'io.cilium/service-affinity']

const pick = (s: GlobalService, keys: string[]) => {
  const key = keys.find((k) => s.annotations[k])
  return key ? {key, ...s.annotations[key]} : undefined
}

export function isGlobal(s: GlobalService): boolean {
  return pick(s, GLOBAL)?.value.trim().toLowerCase() === 'true'
}

function problems(s: GlobalService): {message: string; pos?: GlobalService['pos']}[] {
  const out: {message: string; pos?: GlobalService['pos']}[] = []
  for (const keys of [GLOBAL, SHARED]) {
    const a = pick(s, keys)
    if (a && !['true', 'false'].includes(a.value.trim().toLowerCase()))
      out.push({message: `${a.key}: "${a.value}" is neither "true" nor "false" (Cilium reads it as false)`, pos: a.pos})
  }
  const aff = pick(s, AFFINITY)
  if (aff && !['local', 'remote', 'none'].includes(aff.value.trim().toLowerCase()))
    out.push({message: `${aff.key}: "${aff.value}" is not one of local, remote, none`, pos: aff.pos})
  else if (aff && !isGlobal(s))
    out.push({message: `${aff.key} is set, but the Service is not global (service.cilium.io/global: "true"), so it has no effect`, pos: aff.pos})
  return out
}

export const CM219: MeshCheck = {
  id: 'CM219',
  run(model, ctx) {
    for (const m of model.clusters) {
      let fired = false
      for (const s of m.services)
        for (const p of problems(s)) {
          fired = true
          ctx.report({cluster: m.name, message: `Service ${s.namespace ? `${s.namespace}/` : ''}${s.name}: ${p.message}`, ...at({pos: p.pos, resource: s.resource})})
        }
      if (!fired) ctx.pass({cluster: m.name})
    }
  },
}
