// Kubeconfigs for the doctor tests: the harness's, plus contexts that cannot be used (a closed port; a server that
// accepts connections and never answers).
import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import {stringify} from 'yaml'
import {type Cluster, freePort, kubeconfigDocument, type KubeconfigOptions, LOOPBACK, makeTmpDir} from '../env/index.js'

type Doc = {clusters: unknown[]; users: unknown[]; contexts: unknown[]}

export interface ExtraContext {
  name: string
  server: string
}

export function writeKubeconfigWith(clusters: Cluster[], extra: ExtraContext[], options: KubeconfigOptions = {}): string {
  const doc = kubeconfigDocument(clusters, options) as unknown as Doc
  for (const e of extra) {
    doc.clusters.push({name: e.name, cluster: {server: e.server, 'certificate-authority-data': Buffer.from(clusters[0].caPem).toString('base64')}})
    doc.contexts.push({name: e.name, context: {cluster: e.name, user: `${clusters[0].admin.name}@${clusters[0].name}`}})
  }
  const file = path.join(makeTmpDir('doctor-kubeconfig'), 'config')
  fs.writeFileSync(file, stringify(doc), {mode: 0o600})
  return file
}

/** A port nobody listens on (connection refused). */
export const deadServer = async (): Promise<string> => `https://${LOOPBACK}:${await freePort()}`

/** A server that accepts TCP connections and never says a word (the request times out). */
export async function silentServer(): Promise<{url: string; stop(): Promise<void>}> {
  const sockets = new Set<net.Socket>()
  const server = net.createServer((s) => {
    sockets.add(s)
    s.on('close', () => sockets.delete(s))
  })
  await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve))
  return {
    url: `https://${LOOPBACK}:${(server.address() as net.AddressInfo).port}`,
    async stop() {
      for (const s of sockets) s.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
