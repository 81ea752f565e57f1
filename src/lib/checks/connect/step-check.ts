// CM501-CM507 share one shape: each reads the outcome of its own step of every chain. The chain has
// already stopped at the first failure, so a later step reads "not reached" and is skipped, never failed.
import type {Check} from '../engine.js'
import {type ConnectModel, type Step, STEP_CHECK} from '../../connect/types.js'

export function stepCheck(step: Step): Check<ConnectModel> {
  return {
    id: STEP_CHECK[step],
    run(model, ctx) {
      for (const source of model.sources) {
        for (const peer of source.peers) {
          if (peer.problems.length) ctx.skip({cluster: source.name, peer: peer.name}, 'the peer config cannot be used (CM308)')
        }
      }
      for (const r of model.results) {
        const scope = {cluster: r.source, peer: r.peer}
        for (const e of r.endpoints) {
          const outcome = e.steps[step]
          if (outcome.status === 'fail') ctx.report({...scope, message: outcome.message, details: [`endpoint ${e.endpoint}`, ...(outcome.details ?? [])]})
          else if (outcome.status === 'skip') ctx.skip(scope, outcome.reason)
          else if (outcome.status === 'error') ctx.error(scope, outcome.error)
          else ctx.pass(scope)
        }
      }
    },
  }
}
