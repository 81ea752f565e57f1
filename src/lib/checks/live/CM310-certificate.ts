// CM310: every mesh connection is mutual TLS. The server certificate must be valid, for serverAuth, issued by the
// mesh CA and cover the names peers dial; the client certificates (remote, and local with KVStoreMesh) must be valid
// for clientAuth; the CA must be valid. Expiry within 30 days is a warning.
import {parseEndpoint, remoteSecret, usesKvstoremesh} from '../../doctor/endpoints.js'
import type {MeshCertificate} from '../../doctor/types.js'
import type {Severity} from '../../report/types.js'
import {describeFailure, eachReached, type LiveCheck, list, meshNameOf, reached, ref, who} from './support.js'

const DAY = 86_400_000
const WARN_DAYS = 30

type Role = 'ca' | 'server' | 'client'

function certProblems(m: MeshCertificate, role: Role, now: number): {severity: Severity; message: string}[] {
  if (m.problem) return [{severity: 'error', message: `${m.secret}: ${m.problem}`}]
  const cert = m.cert!
  const out: {severity: Severity; message: string}[] = []
  const what = `${m.secret} (${cert.subject})`
  const from = Date.parse(cert.validFrom)
  const to = Date.parse(cert.validTo)
  if (to < now) out.push({severity: 'error', message: `${what} expired on ${cert.validTo}`})
  else if (from > now) out.push({severity: 'error', message: `${what} is not valid before ${cert.validFrom}`})
  else if (to - now < WARN_DAYS * DAY) out.push({severity: 'warning', message: `${what} expires on ${cert.validTo}, in ${Math.floor((to - now) / DAY)} days`})
  // An empty extended key usage list allows any usage (RFC 5280 4.2.1.12).
  const eku = cert.extKeyUsage
  if (role === 'server' && eku.length > 0 && !eku.includes('serverAuth'))
    out.push({severity: 'error', message: `${what} has extended key usage ${eku.join(', ')} without serverAuth: peers refuse it ("incompatible key usage")`})
  if (role === 'client' && eku.length > 0 && !eku.includes('clientAuth'))
    out.push({severity: 'error', message: `${what} has extended key usage ${eku.join(', ')} without clientAuth: the remote clustermesh-apiservers refuse it`})
  if (role === 'ca' && (!cert.isCA || (cert.keyUsage.length > 0 && !cert.keyUsage.includes('keyCertSign'))))
    out.push({severity: 'error', message: `${what} is not a CA certificate (basicConstraints CA:${cert.isCA}, key usage ${cert.keyUsage.join(', ') || 'none'})`})
  if (role !== 'ca' && m.issuedByCa === false) out.push({severity: 'error', message: `${what} was not issued by this cluster's mesh CA (issuer ${cert.issuer})`})
  return out
}

function covers(sanDns: string[], sanIps: string[], host: string): boolean {
  const h = host.toLowerCase()
  if (sanIps.includes(host)) return true
  return sanDns.some((san) => {
    const s = san.toLowerCase()
    if (s === h) return true
    // "*.mesh.cilium.io" covers exactly one label
    return s.startsWith('*.') && h.endsWith(s.slice(1)) && !h.slice(0, h.length - s.length + 1).includes('.')
  })
}

export const CM310: LiveCheck = {
  id: 'CM310',
  run(model, ctx) {
    for (const c of eachReached(model, ctx)) {
      const r = c.reads
      if (r.config.ok && r.config.value?.kvstore) {
        ctx.skip({cluster: c.context}, `Cilium uses an external kvstore (${r.config.value.kvstore})`)
        continue
      }
      const wanted: {read: typeof r.ca; role: Role; secret: string}[] = [
        {read: r.ca, role: 'ca', secret: 'cilium-ca'},
        {read: r.serverCert, role: 'server', secret: 'clustermesh-apiserver-server-cert'},
        {read: r.remoteCert, role: 'client', secret: 'clustermesh-apiserver-remote-cert'},
        ...(usesKvstoremesh(r) ? [{read: r.localCert, role: 'client' as Role, secret: 'clustermesh-apiserver-local-cert'}] : []),
      ]
      const found: {severity: Severity; message: string; secret: string}[] = []
      for (const w of wanted) {
        if (!w.read.ok) {
          ctx.skip({cluster: c.context}, `${w.secret} could not be read (CM301): ${describeFailure(w.read.error)}`)
          continue
        }
        if (!w.read.value) {
          const detail = w.role === 'ca' ? ' (and the server certificate Secret carries no ca.crt)' : ''
          found.push({severity: 'error', message: `Secret ${w.secret} not found in ${c.namespace}${detail}`, secret: w.secret})
          continue
        }
        const cert = w.read.value
        for (const p of certProblems(cert, w.role, model.now)) found.push({...p, secret: cert.secret})
      }
      // The names peers dial must be in the server certificate (the agent sets SNI to the endpoint host).
      const server = r.serverCert.ok ? r.serverCert.value?.cert : undefined
      const name = meshNameOf(c)
      if (server && name) {
        for (const a of reached(model)) {
          if (a === c) continue
          const secret = remoteSecret(a.reads)
          const entry = secret.ok ? secret.value?.peers.find((p) => p.name === name) : undefined
          const hosts = (entry?.endpoints ?? []).flatMap((u) => parseEndpoint(u)?.host ?? [])
          const uncovered = hosts.filter((h) => !covers(server.dnsNames, server.ipAddresses, h))
          if (uncovered.length > 0)
            found.push({
              severity: 'error',
              secret: 'clustermesh-apiserver-server-cert',
              message: `clustermesh-apiserver-server-cert does not cover ${list(uncovered)}, which ${who(a)} dials (SANs: ${list([...server.dnsNames, ...server.ipAddresses], 8)})`,
            })
        }
      }
      for (const f of found) ctx.report({cluster: c.context, severity: f.severity, message: f.message, resource: ref(c, 'Secret', f.secret)})
      if (found.length === 0) ctx.pass({cluster: c.context})
    }
  },
}
