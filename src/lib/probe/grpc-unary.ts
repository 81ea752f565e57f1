// A unary gRPC call over Node's own HTTP/2 client: one TLS connection that this code opens, verifies
// (rejectUnauthorized, the name checked by Node), bounds by a timeout and destroys, which grpc-js cannot
// promise for a handshake a silent server leaves open. Enough of gRPC for etcd's KV.Range: length-prefixed
// messages, grpc-timeout, grpc-status and grpc-message in the trailers.
import http2 from 'node:http2'
import tls from 'node:tls'

export interface GrpcConnectOptions {
  host: string
  port: number
  servername?: string // SNI and the name verified; default: host (an IP is checked against IP SANs)
  secureContext: tls.SecureContext
  session?: Buffer // a ticket of a verified handshake to the same address, name and material
  timeoutMs: number
}

export interface GrpcCallError {
  code?: number // gRPC status (4 deadline exceeded, 7 permission denied, 14 unavailable, ...)
  details?: string
  message?: string
  cause?: unknown
}

export class GrpcConnection {
  private constructor(private readonly session: http2.ClientHttp2Session) {}

  /** Connects and completes TLS and the HTTP/2 preface within timeoutMs; rejects with the socket's error. */
  static open(o: GrpcConnectOptions): Promise<GrpcConnection> {
    return new Promise((resolve, reject) => {
      let socket: tls.TLSSocket | undefined
      const session = http2.connect(`https://${o.host.includes(':') ? `[${o.host}]` : o.host}:${o.port}`, {
        createConnection: () => {
          socket = tls.connect({
            host: o.host,
            port: o.port,
            ...(o.servername ? {servername: o.servername} : {}),
            secureContext: o.secureContext,
            ...(o.session ? {session: o.session} : {}),
            ALPNProtocols: ['h2'],
            rejectUnauthorized: true,
          })
          return socket
        },
      })
      const timer = setTimeout(() => fail(Object.assign(new Error(`no HTTP/2 connection within ${o.timeoutMs}ms`), {code: 'ETIMEDOUT'})), o.timeoutMs)
      const fail = (error: unknown) => {
        clearTimeout(timer)
        session.destroy()
        socket?.destroy()
        reject(error)
      }
      session.once('error', fail)
      session.once('connect', () => {
        clearTimeout(timer)
        session.off('error', fail)
        session.on('error', () => {}) // later errors reach the streams in flight
        resolve(new GrpcConnection(session))
      })
    })
  }

  get closed(): boolean {
    return this.session.closed || this.session.destroyed
  }

  /** One unary call: the request message in, the response message out, or a GrpcCallError. */
  call(path: string, authority: string, message: Buffer, timeoutMs: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const frame = Buffer.alloc(5 + message.length)
      frame.writeUInt32BE(message.length, 1)
      message.copy(frame, 5)
      let stream: http2.ClientHttp2Stream
      try {
        stream = this.session.request({
          ':method': 'POST',
          ':path': path,
          ':authority': authority,
          'content-type': 'application/grpc',
          te: 'trailers',
          'grpc-timeout': `${Math.max(1, Math.ceil(timeoutMs))}m`,
        })
      } catch (error) {
        reject({code: 14, details: (error as Error).message, cause: error} satisfies GrpcCallError)
        return
      }
      let settled = false
      const done = (error: GrpcCallError | undefined, value?: Buffer) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        if (!stream.destroyed) stream.close(http2.constants.NGHTTP2_CANCEL)
        if (error) reject(error)
        else resolve(value!)
      }
      const timer = setTimeout(() => done({code: 4, details: 'Deadline exceeded'}), timeoutMs)
      const chunks: Buffer[] = []
      let status: number | undefined
      let grpcStatus: string | undefined
      let grpcMessage: string | undefined
      const take = (headers: http2.IncomingHttpHeaders) => {
        if (headers['grpc-status'] !== undefined) grpcStatus = String(headers['grpc-status'])
        if (headers['grpc-message'] !== undefined) grpcMessage = decodeURIComponent(String(headers['grpc-message']))
      }
      stream.on('response', (headers) => {
        status = Number(headers[':status'])
        take(headers)
      })
      stream.on('trailers', take)
      stream.on('data', (chunk: Buffer) => chunks.push(chunk))
      stream.on('error', (error: NodeJS.ErrnoException) => done({code: 14, details: error.message, cause: error}))
      stream.on('close', () => {
        if (status !== undefined && status !== 200) return done({code: 14, details: `HTTP ${status}`})
        if (grpcStatus === undefined) return done({code: 14, details: `Connection dropped (HTTP/2 stream closed with code ${stream.rstCode})`})
        if (grpcStatus !== '0') return done({code: Number(grpcStatus), details: grpcMessage ?? `gRPC status ${grpcStatus}`})
        const body = Buffer.concat(chunks)
        if (body.length < 5 || body[0] !== 0 || body.readUInt32BE(1) !== body.length - 5) return done({code: 13, details: 'unreadable gRPC response message'})
        done(undefined, body.subarray(5))
      })
      stream.end(frame)
    })
  }

  close(): void {
    this.session.destroy()
  }
}

// --- protobuf, just what a RangeRequest and a RangeResponse need ---

export function encodeVarint(value: bigint, out: number[]): void {
  let v = BigInt.asUintN(64, value)
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80)
    v >>= 7n
  }
  out.push(Number(v))
}

export function encodeBytesField(field: number, bytes: Buffer, out: number[]): void {
  encodeVarint(BigInt((field << 3) | 2), out)
  encodeVarint(BigInt(bytes.length), out)
  for (const b of bytes) out.push(b)
}

export function encodeVarintField(field: number, value: bigint, out: number[]): void {
  encodeVarint(BigInt(field << 3), out)
  encodeVarint(value, out)
}

/** Fields of one message: number -> values (varints as bigint, length-delimited as Buffer). */
export function decodeMessage(buf: Buffer): Map<number, (bigint | Buffer)[]> {
  const fields = new Map<number, (bigint | Buffer)[]>()
  let pos = 0
  const varint = (): bigint => {
    let result = 0n
    let shift = 0n
    for (;;) {
      if (pos >= buf.length) throw new Error('truncated varint')
      const b = buf[pos++]
      result |= BigInt(b & 0x7f) << shift
      if (b < 0x80) return result
      shift += 7n
      if (shift > 63n) throw new Error('varint too long')
    }
  }
  while (pos < buf.length) {
    const tag = varint()
    const field = Number(tag >> 3n)
    const wire = Number(tag & 7n)
    let value: bigint | Buffer
    if (wire === 0) value = varint()
    else if (wire === 2) {
      const len = Number(varint())
      if (pos + len > buf.length) throw new Error('truncated field')
      value = buf.subarray(pos, pos + len)
      pos += len
    } else if (wire === 1) {
      pos += 8
      continue
    } else if (wire === 5) {
      pos += 4
      continue
    } else throw new Error(`unsupported wire type ${wire}`)
    const list = fields.get(field)
    if (list) list.push(value)
    else fields.set(field, [value])
  }
  return fields
}
