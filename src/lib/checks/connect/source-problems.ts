// What stops connect-check before any probe: a source it cannot read (CM301, the run is incomplete) and
// a mesh configuration with nothing usable in it (CM308), per source and per peer entry.
import type {Check} from '../engine.js'
import type {ConnectModel} from '../../connect/types.js'

export const CM301: Check<ConnectModel> = {
  id: 'CM301',
  run(model, ctx) {
    for (const source of model.sources) {
      const problems = source.problems.filter((p) => p.id === 'CM301')
      for (const p of problems) ctx.report({cluster: source.name, message: p.message})
      if (problems.length === 0 && source.mode === 'live') ctx.pass({cluster: source.name})
    }
  },
}

export const CM308: Check<ConnectModel> = {
  id: 'CM308',
  run(model, ctx) {
    for (const source of model.sources) {
      for (const p of source.problems.filter((x) => x.id === 'CM308')) ctx.report({cluster: source.name, ...(p.peer ? {peer: p.peer} : {}), message: p.message})
      for (const peer of source.peers) {
        const scope = {cluster: source.name, peer: peer.name}
        if (peer.problems.length === 0) ctx.pass(scope)
        else ctx.report({...scope, message: `the configuration for ${peer.name} cannot be used: ${peer.problems.join('; ')}`, details: [`from ${source.configFrom}`]})
      }
    }
  },
}
