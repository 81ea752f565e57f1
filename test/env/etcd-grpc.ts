// The harness's own etcd key reads over gRPC (KV.Range) with mutual TLS, independent of the code under test.
// Needed once etcd auth is on: the JSON gateway then refuses every request made with a client certificate
// ("CommonName of client sending a request against gateway will be ignored"). Protobuf by hand: the request and
// response fields a read needs, gRPC framing over node:http2 (no gRPC library: the project may drop its own).
import http2 from 'node:http2'
import type {TlsIdentity} from './http.js'

function varint(n: number): Buffer {
  const out: number[] = []
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80)
    n >>>= 7
  }
  out.push(n)
  return Buffer.from(out)
}

const bytesField = (field: number, value: Buffer) => Buffer.concat([varint((field << 3) | 2), varint(value.length), value])

// RangeRequest: key = 1, range_end = 2, keys_only = 8.
function encodeRange(key: Buffer, rangeEnd?: Buffer, keysOnly = false): Buffer {
  return Buffer.concat([bytesField(1, key), ...(rangeEnd ? [bytesField(2, rangeEnd)] : []), ...(keysOnly ? [Buffer.from([8 << 3, 1])] : [])])
}

// Walks a message: (field number, wire type, value) for each field; length-delimited values as Buffers.
function* fields(buf: Buffer): Generator<[number, number, Buffer | number]> {
  let i = 0
  const readVarint = () => {
    let n = 0
    let shift = 0
    for (;;) {
      const b = buf[i++]!
      n += (b & 0x7f) * 2 ** shift
      if (b < 0x80) return n
      shift += 7
    }
  }
  while (i < buf.length) {
    const tag = readVarint()
    const [field, wire] = [tag >>> 3, tag & 7]
    if (wire === 0) yield [field, wire, readVarint()]
    else if (wire === 2) {
      const len = readVarint()
      yield [field, wire, buf.subarray(i, i + len)]
      i += len
    } else if (wire === 1) i += 8
    else if (wire === 5) i += 4
    else throw new Error(`etcd-grpc: wire type ${wire}`)
  }
}

// RangeResponse: kvs = 2 (KeyValue: key = 1, value = 5).
function decodeRange(buf: Buffer): {key: string; value: string}[] {
  const kvs: {key: string; value: string}[] = []
  for (const [field, , value] of fields(buf)) {
    if (field !== 2 || !Buffer.isBuffer(value)) continue
    const kv = {key: '', value: ''}
    for (const [f, , v] of fields(value)) {
      if (f === 1 && Buffer.isBuffer(v)) kv.key = v.toString('utf8')
      if (f === 5 && Buffer.isBuffer(v)) kv.value = v.toString('utf8')
    }
    kvs.push(kv)
  }
  return kvs
}

/** KV.Range against host:port with this client certificate; [] when nothing matches. */
export function etcdRange(address: string, tls: Required<TlsIdentity>, key: string, options: {rangeEnd?: Buffer; keysOnly?: boolean} = {}): Promise<{key: string; value: string}[]> {
  const message = encodeRange(Buffer.from(key), options.rangeEnd, options.keysOnly)
  const frame = Buffer.concat([Buffer.from([0, 0, 0, 0, 0]), message])
  frame.writeUInt32BE(message.length, 1)
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      session.close()
      reject(new Error(`testenv: etcd Range ${key}: ${why}`))
    }
    // The server certificate covers localhost (and 127.0.0.1, which TLS SNI may not carry).
    const session = http2.connect(`https://${address}`, {ca: tls.ca, cert: tls.cert, key: tls.key, servername: 'localhost'})
    session.on('error', (e) => fail(e.message))
    const req = session.request({':method': 'POST', ':path': '/etcdserverpb.KV/Range', 'content-type': 'application/grpc', te: 'trailers'})
    req.setTimeout(10_000, () => fail('no answer in 10s'))
    const chunks: Buffer[] = []
    let status: string | undefined
    let statusMessage = ''
    const grpcStatus = (h: http2.IncomingHttpHeaders) => {
      if (h['grpc-status'] !== undefined) [status, statusMessage] = [String(h['grpc-status']), decodeURIComponent(String(h['grpc-message'] ?? ''))]
    }
    req.on('response', grpcStatus)
    req.on('trailers', grpcStatus)
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('error', (e) => fail(e.message))
    req.on('end', () => {
      session.close()
      if (status !== '0') return reject(new Error(`testenv: etcd Range ${key}: grpc-status ${status} ${statusMessage}`))
      const body = Buffer.concat(chunks)
      resolve(body.length >= 5 ? decodeRange(body.subarray(5, 5 + body.readUInt32BE(1))) : [])
    })
    req.end(frame)
  })
}
