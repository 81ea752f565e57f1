// etcd on loopback: plain for kube-apiserver's storage, or with mutual TLS standing in for a
// clustermesh-apiserver (keys written through etcd's JSON gateway, as Cilium would have them).
import path from 'node:path'
import {binary} from './binaries.js'
import {requestJson, type TlsIdentity} from './http.js'
import {type CertificateAuthority, type CertKeyPair, issueCert, mintCA} from './pki.js'
import {freePort, LOOPBACK, withPortRetry} from './ports.js'
import {type ServerProcess, spawnServer, waitReady} from './processes.js'
import {makeTmpDir, removeTmpDir, writePrivate} from './tmp.js'

const START_TIMEOUT_MS = 30_000

export interface EtcdServer {
  name: string
  url: string // client URL
  host: string
  port: number
  process: ServerProcess
  stop(): Promise<void>
}

export interface MtlsEtcdOptions {
  name?: string
  serverCA?: CertificateAuthority // signs the server certificate; default: a new CA
  serverCert?: CertKeyPair // default: issued by serverCA for the clustermesh-apiserver names, localhost and 127.0.0.1
  clientCA?: CertificateAuthority // trusted for client certificates; default: serverCA (Cilium's single cilium-ca)
}

export interface MtlsEtcd extends EtcdServer {
  serverCA: CertificateAuthority
  clientCA: CertificateAuthority
  caPem: string // what clients must trust
  admin: CertKeyPair // client certificate CN=root from clientCA
  issueClient(cn: string): Promise<CertKeyPair>
  put(key: string, value: string): Promise<void>
  putClusterConfig(clusterName: string, config: Record<string, unknown>): Promise<void>
  putHeartbeat(at?: Date): Promise<void>
}

export const CLUSTERMESH_SERVER_NAMES = ['clustermesh-apiserver.cilium.io', '*.mesh.cilium.io', 'localhost']

export function startEtcd(name = 'etcd'): Promise<EtcdServer> {
  return withPortRetry(() => launch(name, 'http', []))
}

export async function startMtlsEtcd(options: MtlsEtcdOptions = {}): Promise<MtlsEtcd> {
  const name = options.name ?? 'clustermesh-etcd'
  const serverCA = options.serverCA ?? (await mintCA(`${name} CA`))
  const clientCA = options.clientCA ?? serverCA
  const serverCert =
    options.serverCert ?? (await issueCert(serverCA, {cn: CLUSTERMESH_SERVER_NAMES[0], dnsNames: CLUSTERMESH_SERVER_NAMES, ips: [LOOPBACK], usage: 'both'}))
  const admin = await issueCert(clientCA, {cn: 'root', usage: 'client'})
  const tls: TlsIdentity = {ca: serverCA.cert, cert: admin.cert, key: admin.key}

  const dir = makeTmpDir(`${name}-tls`)
  const args = [
    `--cert-file=${writePrivate(dir, 'server.crt', serverCert.cert)}`,
    `--key-file=${writePrivate(dir, 'server.key', serverCert.key)}`,
    `--trusted-ca-file=${writePrivate(dir, 'client-ca.crt', clientCA.cert)}`,
    '--client-cert-auth',
  ]
  const server = await withPortRetry(() => launch(name, 'https', args, tls))
  const put = async (key: string, value: string) => {
    const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64')
    const answer = await requestJson(`${server.url}/v3/kv/put`, {method: 'POST', body: {key: b64(key), value: b64(value)}, tls})
    if (answer.status !== 200) throw new Error(`testenv: etcd put ${key}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`)
  }
  return {
    ...server,
    serverCA,
    clientCA,
    caPem: serverCA.cert,
    admin,
    issueClient: (cn) => issueCert(clientCA, {cn, usage: 'client'}),
    put,
    putClusterConfig: (clusterName, config) => put(`cilium/cluster-config/${clusterName}`, JSON.stringify(config)),
    putHeartbeat: (at = new Date()) => put('cilium/.heartbeat', at.toISOString()),
    async stop() {
      await server.stop()
      removeTmpDir(dir)
    },
  }
}

async function launch(name: string, scheme: 'http' | 'https', extraArgs: string[], tls: TlsIdentity = {}): Promise<EtcdServer> {
  const [clientPort, peerPort] = [await freePort(), await freePort()]
  const dir = makeTmpDir(name)
  const url = `${scheme}://${LOOPBACK}:${clientPort}`
  const peer = `http://${LOOPBACK}:${peerPort}`
  const proc = spawnServer(name, binary('etcd'), [
    `--name=${name}`,
    `--data-dir=${path.join(dir, 'data')}`,
    `--listen-client-urls=${url}`,
    `--advertise-client-urls=${url}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=${name}=${peer}`,
    '--initial-cluster-state=new',
    '--unsafe-no-fsync', // test data: speed over durability
    '--log-level=warn',
    ...extraArgs,
  ])
  const stop = async () => {
    await proc.stop()
    removeTmpDir(dir)
  }
  try {
    await waitReady(proc, `etcd ${name} at ${url}`, async () => {
      const answer = await requestJson(`${url}/health`, {tls, timeoutMs: 1000})
      return answer.status === 200 && (answer.body as {health?: string}).health === 'true'
    }, START_TIMEOUT_MS)
  } catch (error) {
    await stop()
    throw error
  }
  return {name, url, host: LOOPBACK, port: clientPort, process: proc, stop}
}
