// From an agent-style directory (file name -> bytes, as mounted at /var/lib/cilium/clustermesh/) to the
// peers a source connects to: every file containing "endpoints:" is a peer named by the file, its own
// name is skipped, and the TLS files it names are taken from the same directory by base name only.
import path from 'node:path'
import {certificatesFromPem} from '../probe/index.js'
import {type MeshEntry, meshEntries} from '../live/mesh-secret.js'
import type {PeerConfig} from './types.js'

export type ConfigFiles = ReadonlyMap<string, Buffer>

export interface PeerConfigOptions {
  /** The source's own cluster name: its entry is skipped, as the agent does. */
  localName?: string
  /** hostAliases of the pod that mounts the directory (hostname -> IPs). */
  hostAliases?: ReadonlyMap<string, string[]>
  /** Only these peers (--peer). */
  only?: readonly string[]
}

export function peerConfigs(files: ConfigFiles, options: PeerConfigOptions = {}): {peers: PeerConfig[]; skippedSelf?: string} {
  const peers: PeerConfig[] = []
  let skippedSelf: string | undefined
  for (const entry of meshEntries(files)) {
    if (options.localName && entry.name === options.localName) {
      skippedSelf = entry.name
      continue
    }
    if (options.only?.length && !options.only.includes(entry.name)) continue
    peers.push(peerConfig(entry, files, options.hostAliases))
  }
  return {peers, ...(skippedSelf ? {skippedSelf} : {})}
}

function peerConfig(entry: MeshEntry, files: ConfigFiles, podAliases?: ReadonlyMap<string, string[]>): PeerConfig {
  const {name, config: parsed} = entry
  // The entry's own verdict (src/lib/live, shared with doctor and dns-check), then the TLS files it names.
  const problems = [...entry.problems]
  const notes: string[] = []
  const read = (what: string, file: string | undefined, check: (pem: string) => string | undefined): string | undefined => {
    if (!file) return undefined
    const base = path.posix.basename(file)
    const content = files.get(base)
    if (!content) {
      problems.push(`${what} ${file} is not in the directory (looked for ${base})`)
      return undefined
    }
    const pem = content.toString('utf8')
    const wrong = check(pem)
    if (wrong) problems.push(`${what} ${base}: ${wrong}`)
    return wrong ? undefined : pem
  }
  const ca = read('trusted-ca-file', parsed.trustedCaFile, certificateProblem)
  const cert = read('cert-file', parsed.certFile, certificateProblem)
  const key = read('key-file', parsed.keyFile, (pem) => (/-----BEGIN [A-Z ]*PRIVATE KEY-----/.test(pem) ? undefined : 'not a PEM private key'))
  if (!parsed.trustedCaFile) notes.push('no trusted-ca-file: the server certificate is checked against the system roots, as the agent would')
  if (!parsed.certFile) notes.push('no client certificate: a clustermesh-apiserver asks for one')
  if (parsed.insecureSkipTlsVerify) notes.push('the config sets insecure-skip-tls-verify: the agent would not verify the server; connect-check still does')
  // The pod's hostAliases first, then the config's own (Cilium applies both; the config's are more specific).
  const hostAliases = new Map([...(podAliases ?? new Map<string, string[]>()), ...parsed.hostAliases])
  return {
    name,
    endpoints: parsed.endpoints,
    tls: {...(ca ? {ca} : {}), ...(cert ? {cert} : {}), ...(key ? {key} : {})},
    hostAliases,
    files: {
      ...(parsed.trustedCaFile ? {trustedCa: path.posix.basename(parsed.trustedCaFile)} : {}),
      ...(parsed.certFile ? {cert: path.posix.basename(parsed.certFile)} : {}),
      ...(parsed.keyFile ? {key: path.posix.basename(parsed.keyFile)} : {}),
    },
    problems,
    notes,
  }
}

function certificateProblem(pem: string): string | undefined {
  try {
    return certificatesFromPem(pem).length > 0 ? undefined : 'no PEM certificate in it'
  } catch (error) {
    return `not a readable certificate (${(error as Error).message.split('\n')[0]})`
  }
}
