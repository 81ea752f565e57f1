// TCP step: can we open a connection? Tells a closed port (refused) from a silent one (timeout).
import net from 'node:net'
import {classifyNetError, type ProbeFailure, since} from './failure.js'

export interface TcpTarget {
  host: string
  port: number
  timeoutMs: number
}

export type TcpResult = {ok: true; address: string; port: number; ms: number} | ProbeFailure

export function probeTcp({host, port, timeoutMs}: TcpTarget): Promise<TcpResult> {
  const start = process.hrtime.bigint()
  return new Promise((resolve) => {
    const socket = net.connect({host, port})
    const finish = (result: TcpResult) => {
      clearTimeout(timer)
      socket.destroy()
      resolve(result)
    }
    const timer = setTimeout(
      () => finish({ok: false, error: 'timeout', message: `no answer from ${host}:${port} within ${timeoutMs}ms`, ms: since(start)}),
      timeoutMs,
    )
    socket.once('connect', () => finish({ok: true, address: socket.remoteAddress ?? host, port, ms: since(start)}))
    socket.once('error', (error) => {
      const c = classifyNetError(error)
      finish({ok: false, ...c, message: `${host}:${port}: ${c.message}`, ms: since(start)})
    })
  })
}
