// etcd on loopback: plain for kube-apiserver's storage, or with mutual TLS standing in for a
// clustermesh-apiserver (keys written through etcd's JSON gateway, as Cilium would have them).
import path from 'node:path'
import {binary} from './binaries.js'
import {etcdRange} from './etcd-grpc.js'
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
  // An existing data directory to serve (e.g. one `clustermesh-apiserver etcdinit` prepared, users and auth in it),
  // with the member name it was initialised with; default: a new, empty one.
  dataDir?: string
  memberName?: string
}

export interface MtlsEtcd extends EtcdServer {
  serverCA: CertificateAuthority
  clientCA: CertificateAuthority
  caPem: string // what clients must trust
  admin: CertKeyPair // client certificate CN=root from clientCA
  issueClient(cn: string): Promise<CertKeyPair>
  put(key: string, value: string): Promise<void>
  get(key: string): Promise<string | undefined> // as CN=root
  keys(prefix: string): Promise<string[]> // as CN=root
  putClusterConfig(clusterName: string, config: Record<string, unknown>): Promise<void>
  putHeartbeat(at?: Date): Promise<void>
  // Turns on etcd auth (users named by client-certificate CN, as in a clustermesh-apiserver) with these
  // read-only users; CN=root (admin) keeps every right.
  enableAuth(users: EtcdReader[]): Promise<void>
}

export interface EtcdReader {
  cn: string
  keys?: string[] // exact keys it may read
  prefixes?: string[] // key prefixes it may read
}

// What Cilium grants the "remote" user for cluster <name> (pkg/kvstore/etcdinit): no prefix read of cilium/.
export const ciliumRemoteReader = (clusterName: string, cn = 'remote'): EtcdReader => ({
  cn,
  keys: ['cilium/.heartbeat', `cilium/cluster-config/${clusterName}`],
  prefixes: ['cilium/state/', `cilium/synced/${clusterName}/`],
})

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
  const server = await withPortRetry(() => launch(name, 'https', args, tls, {dataDir: options.dataDir, memberName: options.memberName}))
  const b64 = (text: string | Buffer) => Buffer.from(text).toString('base64')
  const call = async (path: string, body: unknown) => {
    const answer = await requestJson(`${server.url}${path}`, {method: 'POST', body, tls})
    if (answer.status !== 200) throw new Error(`testenv: etcd ${path}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`)
    return answer.body as {kvs?: {key: string; value?: string}[]}
  }
  const put = async (key: string, value: string) => void (await call('/v3/kv/put', {key: b64(key), value: b64(value)}))
  // Reads over gRPC: with auth on, the JSON gateway refuses client-certificate users.
  const address = `${LOOPBACK}:${server.port}`
  const rootTls = {ca: serverCA.cert, cert: admin.cert, key: admin.key}
  const get = async (key: string) => (await etcdRange(address, rootTls, key))[0]?.value
  const keys = async (prefix: string) => (await etcdRange(address, rootTls, prefix, {rangeEnd: prefixEnd(prefix), keysOnly: true})).map((kv) => kv.key)
  const enableAuth = async (users: EtcdReader[]) => {
    await call('/v3/auth/role/add', {name: 'root'})
    await call('/v3/auth/user/add', {name: 'root', options: {no_password: true}})
    await call('/v3/auth/user/grant', {user: 'root', role: 'root'})
    for (const user of users) {
      const role = `reader-${user.cn}`
      await call('/v3/auth/role/add', {name: role})
      for (const key of user.keys ?? []) await call('/v3/auth/role/grant', {name: role, perm: {permType: 'READ', key: b64(key)}})
      for (const prefix of user.prefixes ?? []) {
        await call('/v3/auth/role/grant', {name: role, perm: {permType: 'READ', key: b64(prefix), range_end: b64(prefixEnd(prefix))}})
      }
      await call('/v3/auth/user/add', {name: user.cn, options: {no_password: true}})
      await call('/v3/auth/user/grant', {user: user.cn, role})
    }
    await call('/v3/auth/enable', {})
  }
  return {
    ...server,
    serverCA,
    clientCA,
    caPem: serverCA.cert,
    admin,
    issueClient: (cn) => issueCert(clientCA, {cn, usage: 'client'}),
    put,
    get,
    keys,
    putClusterConfig: (clusterName, config) => put(`cilium/cluster-config/${clusterName}`, JSON.stringify(config)),
    putHeartbeat: (at = new Date()) => put('cilium/.heartbeat', at.toISOString()),
    enableAuth,
    async stop() {
      await server.stop()
      removeTmpDir(dir)
    },
  }
}

async function launch(name: string, scheme: 'http' | 'https', extraArgs: string[], tls: TlsIdentity = {}, data: {dataDir?: string; memberName?: string} = {}): Promise<EtcdServer> {
  const [clientPort, peerPort] = [await freePort(), await freePort()]
  const dir = makeTmpDir(name)
  const url = `${scheme}://${LOOPBACK}:${clientPort}`
  const peer = `http://${LOOPBACK}:${peerPort}`
  const member = data.memberName ?? name
  const proc = spawnServer(name, binary('etcd'), [
    `--name=${member}`,
    `--data-dir=${data.dataDir ?? path.join(dir, 'data')}`,
    `--listen-client-urls=${url}`,
    `--advertise-client-urls=${url}`,
    `--listen-peer-urls=${peer}`,
    `--initial-advertise-peer-urls=${peer}`,
    `--initial-cluster=${member}=${peer}`, // ignored when the data dir already holds a member
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

// The first key after every key with this prefix (etcd's range_end for a prefix).
function prefixEnd(prefix: string): Buffer {
  const end = Buffer.from(prefix, 'utf8')
  end[end.length - 1]++ // our prefixes do not end in 0xff: no carry needed
  return end
}
