// CM401: peers trust each other's certificates only when every cluster's mesh CA is the same: compared by Subject
// Key Identifier (the CA's key) and SHA-256 fingerprint. Every generated CA is "CN=Cilium CA", so names prove nothing.
import type {CertificateInfo} from '../../doctor/types.js'
import {atLeastTwo, describeFailure, type LiveCheck, ref, reference, type Reached, who} from './support.js'

const short = (hex: string | undefined) => (hex ? `${hex.slice(0, 8)}…${hex.slice(-5)}` : 'none')

export const CM401: LiveCheck = {
  id: 'CM401',
  run(model, ctx) {
    const clusters = atLeastTwo(model, ctx)
    if (!clusters) return
    const cas: {c: Reached; cert: CertificateInfo}[] = []
    for (const c of clusters) {
      const ca = c.reads.ca
      if (!ca.ok) ctx.skip({cluster: c.context}, `cilium-ca could not be read (CM301): ${describeFailure(ca.error)}`)
      else if (!ca.value?.cert) ctx.skip({cluster: c.context}, 'no readable mesh CA (CM310)')
      else cas.push({c, cert: ca.value.cert})
    }
    // The key decides trust; without an SKI extension, the certificate itself.
    const keyOf = (cert: CertificateInfo) => cert.subjectKeyId ?? cert.fingerprint256
    const ref0 = reference(cas.map((x) => ({key: keyOf(x.cert), item: x})))
    if (!ref0) return
    const base = ref0.first
    for (const {c, cert} of cas) {
      const sameKey = keyOf(cert) === keyOf(base.cert)
      if (sameKey && cert.fingerprint256 === base.cert.fingerprint256) {
        ctx.pass({cluster: c.context})
        continue
      }
      const facts = (x: {c: Reached; cert: CertificateInfo}) => `${who(x.c)}: ${x.cert.subject}, SKI ${short(x.cert.subjectKeyId)}, SHA-256 ${short(x.cert.fingerprint256)}, valid to ${x.cert.validTo}`
      ctx.report({
        cluster: c.context,
        peer: base.c.context,
        severity: sameKey ? 'warning' : 'error',
        message: sameKey
          ? `the mesh CA of ${who(c)} has the same key as ${who(base.c)}'s but is another certificate (re-issued?)`
          : `the mesh CA of ${who(c)} is not ${who(base.c)}'s: the clusters reject each other's certificates`,
        resource: ref(c, 'Secret', c.reads.ca.ok && c.reads.ca.value ? c.reads.ca.value.secret : 'cilium-ca'),
        details: [facts({c, cert}), facts(base)],
      })
    }
  },
}
