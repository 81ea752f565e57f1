// Free loopback ports, asked of the kernel (port 0) so parallel tests and other engineers' servers never clash.
import dgram from 'node:dgram'
import net from 'node:net'

export const LOOPBACK = '127.0.0.1'

const handedOut = new Set<number>()

export async function freePort({udp = false} = {}): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await tcpPort()
    if (handedOut.has(port)) continue
    if (udp && !(await udpFree(port))) continue
    handedOut.add(port)
    return port
  }
  throw new Error('testenv: no free loopback port after 20 attempts')
}

function tcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.once('error', reject)
    server.listen(0, LOOPBACK, () => {
      const {port} = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

function udpFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = dgram.createSocket('udp4')
    socket.once('error', () => resolve(false))
    socket.bind(port, LOOPBACK, () => socket.close(() => resolve(true)))
  })
}

// Ports come from the kernel, but another process may take one between our check and the server's bind.
export async function withPortRetry<T>(start: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await start()
    } catch (error) {
      if (i >= attempts || !/address already in use/i.test(String((error as Error).message))) throw error
    }
  }
}
