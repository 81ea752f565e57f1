// CM601: the clustermesh-apiserver name of a cluster does not resolve. Peers configured by address dial
// https://<name>:<port>; without an answer no agent can connect. Says which failure: NXDOMAIN, SERVFAIL, time-out.
import {at} from '../../mesh/fact.js'
import {describeLookup, lookupFailure, resolverLabel} from '../../dnscheck/lookup.js'
import type {NameChoice} from '../../dnscheck/types.js'
import type {DnsCheck} from './support.js'

const WHAT: Record<string, string> = {
  NXDOMAIN: 'the name does not exist (NXDOMAIN)',
  NODATA: 'the name exists but has no A or AAAA record (NODATA)',
  SERVFAIL: 'the resolver failed to answer (SERVFAIL)',
  REFUSED: 'the resolver refused the query (REFUSED)',
  TIMEOUT: 'no answer in time (timeout)',
}

export const nameFrom = (c: NameChoice) => `name from ${c.via}`

export const CM601: DnsCheck = {
  id: 'CM601',
  run(model, ctx) {
    for (const t of model.targets) {
      if (!t.pick.ok) {
        ctx.skip({cluster: t.cluster}, t.pick.reason)
        continue
      }
      if (!t.lookup) {
        ctx.skip({cluster: t.cluster}, `${t.pick.choice.name} was not looked up`)
        continue
      }
      const failure = lookupFailure(t.lookup)
      if (!failure) {
        ctx.pass({cluster: t.cluster})
        continue
      }
      const {choice} = t.pick
      ctx.report({
        cluster: t.cluster,
        message: `${choice.name} does not resolve through ${resolverLabel(t.lookup.server)}: ${WHAT[failure.kind] ?? failure.message}`,
        ...at(choice.origin),
        details: [nameFrom(choice), ...describeLookup(t.lookup), ...t.pick.passedOver],
      })
    }
  },
}
