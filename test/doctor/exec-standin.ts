// A stand-in for the kubelet end of `kubectl exec`: no kubelet can run here, so this small loopback server speaks
// the Kubernetes exec WebSocket protocol itself (RFC 6455 handshake, subprotocol v5.channel.k8s.io or
// v4.channel.k8s.io, one byte of channel before each message: 1 stdout, 2 stderr, 3 the final Status) and answers
// with what the test scripts: JSON in Cilium's documented formats (see agent-json.ts). Only exec goes here; every
// other read of doctor goes to a real kube-apiserver.
import {createHash} from 'node:crypto'
import http from 'node:http'
import type {Duplex} from 'node:stream'
import {LOOPBACK} from '../env/index.js'

export interface ExecRequest {
  namespace: string
  pod: string
  container: string
  command: string[]
}

export type ExecReply = {stdout?: string; stderr?: string; exitCode?: number} | {httpStatus: number} | {hang: true}

export interface ExecStandin {
  url: string
  requests: ExecRequest[]
  /** The subprotocol the server picks (default: the newest the client offers). */
  protocol?: 'v5.channel.k8s.io' | 'v4.channel.k8s.io'
  stop(): Promise<void>
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11'
const EXEC_PATH = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec$/

function frame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length
  const head = n < 126 ? Buffer.from([0x80 | opcode, n]) : n < 65536 ? Buffer.from([0x80 | opcode, 126, n >> 8, n & 0xff]) : Buffer.alloc(10)
  if (n >= 65536) {
    head[0] = 0x80 | opcode
    head[1] = 127
    head.writeBigUInt64BE(BigInt(n), 2)
  }
  return Buffer.concat([head, payload])
}

const channel = (n: number, data: string | Buffer) => frame(0x2, Buffer.concat([Buffer.from([n]), Buffer.from(data)]))

function status(exitCode: number): string {
  if (exitCode === 0) return JSON.stringify({metadata: {}, status: 'Success'})
  return JSON.stringify({
    metadata: {},
    status: 'Failure',
    message: `command terminated with non-zero exit code: error executing command, exit status ${exitCode}`,
    reason: 'NonZeroExitCode',
    details: {causes: [{reason: 'ExitCode', message: String(exitCode)}]},
  })
}

export async function startExecStandin(answer: (req: ExecRequest) => ExecReply): Promise<ExecStandin> {
  const sockets = new Set<Duplex>()
  const server = http.createServer((_req, res) => {
    res.writeHead(400, {'content-type': 'text/plain'}).end('Upgrade request required')
  })
  const standin: ExecStandin = {url: '', requests: [], stop: async () => {}}
  server.on('upgrade', (req, socket: Duplex) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
    const url = new URL(req.url ?? '/', 'http://standin')
    const match = EXEC_PATH.exec(url.pathname)
    const offered = String(req.headers['sec-websocket-protocol'] ?? '').split(',').map((s) => s.trim())
    const refuse = (code: number, text: string) => socket.end(`HTTP/1.1 ${code} ${text}\r\nContent-Length: 0\r\n\r\n`)
    if (!match || req.headers.upgrade?.toLowerCase() !== 'websocket') return refuse(400, 'Bad Request')
    const exec: ExecRequest = {namespace: match[1], pod: match[2], container: url.searchParams.get('container') ?? '', command: url.searchParams.getAll('command')}
    standin.requests.push(exec)
    const reply = answer(exec)
    if ('httpStatus' in reply) return refuse(reply.httpStatus, 'Refused')
    const protocol = standin.protocol ?? offered.find((p) => p === 'v5.channel.k8s.io' || p === 'v4.channel.k8s.io')
    if (!protocol || !offered.includes(protocol)) return refuse(400, 'Bad Request')
    const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}${GUID}`).digest('base64')
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\nSec-WebSocket-Protocol: ${protocol}\r\n\r\n`)
    if ('hang' in reply) return
    // The client's frames (a close, at most) need no answer beyond ending the connection.
    socket.on('data', (chunk: Buffer) => {
      if ((chunk[0] & 0x0f) === 0x8) socket.end()
    })
    if (reply.stdout) socket.write(channel(1, reply.stdout))
    if (reply.stderr) socket.write(channel(2, reply.stderr))
    socket.write(channel(3, status(reply.exitCode ?? 0)))
    socket.write(frame(0x8, Buffer.from([0x03, 0xe8])))
  })
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve))
  const {port} = server.address() as {port: number}
  standin.url = `http://${LOOPBACK}:${port}`
  standin.stop = async () => {
    for (const s of sockets) s.destroy()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  return standin
}
