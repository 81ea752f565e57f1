// The X.509 extensions node:crypto does not expose: Subject/Authority Key Identifier and Key Usage, read from the
// certificate's DER with a minimal TLV walker (RFC 5280 4.1, 4.2.1.1-3). Public certificate data only.

interface Tlv {
  tag: number
  start: number // first content byte
  end: number // one past the last content byte
}

function readTlv(der: Buffer, at: number): Tlv {
  const tag = der[at]
  let length = der[at + 1]
  let start = at + 2
  if (length & 0x80) {
    const bytes = length & 0x7f
    length = 0
    for (let i = 0; i < bytes; i++) length = length * 256 + der[start + i]
    start += bytes
  }
  const end = start + length
  if (end > der.length || Number.isNaN(tag)) throw new Error('truncated DER')
  return {tag, start, end}
}

function children(der: Buffer, parent: Tlv): Tlv[] {
  const out: Tlv[] = []
  for (let at = parent.start; at < parent.end; ) {
    const tlv = readTlv(der, at)
    out.push(tlv)
    at = tlv.end
  }
  return out
}

const hex = (bytes: Buffer) => [...bytes].map((b) => b.toString(16).padStart(2, '0').toUpperCase()).join(':')

const OID_SKI = '551d0e' // 2.5.29.14
const OID_KEY_USAGE = '551d0f' // 2.5.29.15
const OID_AKI = '551d23' // 2.5.29.35

const KEY_USAGE = ['digitalSignature', 'nonRepudiation', 'keyEncipherment', 'dataEncipherment', 'keyAgreement', 'keyCertSign', 'cRLSign', 'encipherOnly', 'decipherOnly']

export interface Extensions {
  subjectKeyId?: string
  authorityKeyId?: string
  keyUsage: string[]
}

export function certificateExtensions(der: Buffer): Extensions {
  const out: Extensions = {keyUsage: []}
  try {
    const cert = readTlv(der, 0)
    const tbs = children(der, cert)[0]
    // extensions: [3] EXPLICIT SEQUENCE OF Extension, the last field of TBSCertificate
    const wrapper = children(der, tbs).find((t) => t.tag === 0xa3)
    if (!wrapper) return out
    for (const extension of children(der, children(der, wrapper)[0])) {
      const fields = children(der, extension)
      const oid = der.subarray(fields[0].start, fields[0].end).toString('hex')
      const value = fields[fields.length - 1] // OCTET STRING; an optional BOOLEAN critical sits between
      const inner = readTlv(der, value.start)
      if (oid === OID_SKI) out.subjectKeyId = hex(der.subarray(inner.start, inner.end))
      if (oid === OID_AKI) {
        const keyId = children(der, inner).find((t) => t.tag === 0x80) // [0] IMPLICIT keyIdentifier
        if (keyId) out.authorityKeyId = hex(der.subarray(keyId.start, keyId.end))
      }
      if (oid === OID_KEY_USAGE) out.keyUsage = keyUsageBits(der.subarray(inner.start, inner.end))
    }
  } catch {
    // A malformed extension leaves the fields unset; the certificate itself was already parsed by node:crypto.
  }
  return out
}

// BIT STRING content: one byte of unused-bit count, then the bits, most significant first.
function keyUsageBits(bits: Buffer): string[] {
  return KEY_USAGE.filter((_, i) => {
    const byte = bits[1 + (i >> 3)]
    return byte !== undefined && (byte & (0x80 >> (i & 7))) !== 0
  })
}
