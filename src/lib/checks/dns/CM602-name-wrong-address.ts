// CM602: the name resolves, but not to the address the repository pins for the clustermesh-apiserver Service.
// Peers then dial whatever the stale or copied record points at.
import {at} from '../../mesh/fact.js'
import {describeLookup} from '../../dnscheck/lookup.js'
import {type DnsCheck, includesAddress, list, pinSource, resolvedOrSkip} from './support.js'

export const CM602: DnsCheck = {
  id: 'CM602',
  run(model, ctx) {
    for (const t of model.targets) {
      const scope = {cluster: t.cluster}
      if (!t.pinned) {
        ctx.skip(scope, 'no repository (--repo): nothing pinned to compare with')
        continue
      }
      if (!t.pinned.known) {
        ctx.skip(scope, `the pinned address is unknown: ${t.pinned.reason}`)
        continue
      }
      const pins = t.pinned.value
      if (pins.length === 0) {
        ctx.skip(scope, 'the repository pins no clustermesh-apiserver address (see CM210)')
        continue
      }
      const resolved = resolvedOrSkip(ctx, t)
      if (!resolved || !t.lookup) continue
      const pinned = pins.map((p) => p.ip)
      const stray = resolved.answers.filter((a) => !includesAddress(pinned, a.address)).map((a) => a.address)
      if (stray.length === 0) {
        ctx.pass(scope)
        continue
      }
      const pin = pins[0]
      ctx.report({
        cluster: t.cluster,
        message: `${resolved.name} resolves to ${list(stray)}, but the repository pins ${list(pinned)} (${pinSource(pin)})`,
        ...at(pin.origin),
        details: describeLookup(t.lookup),
      })
    }
  },
}
