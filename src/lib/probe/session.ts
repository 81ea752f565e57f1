// What one run of probes shares: parsed TLS material (one SecureContext per CA/certificate/key, not one per
// connection), TLS sessions to resume, DNS answers, and every channel still open, so that the run closes
// them all when it ends or is aborted. Verification is never relaxed: a resumed session is one this run
// verified, with the same trust.
import tls from 'node:tls'
import {type DnsQuery, type DnsResult, probeDns} from './dns.js'
import type {TlsResumption} from './tls.js'

export interface TlsMaterial {
  ca?: string
  cert?: string
  key?: string
}

export interface Closeable {
  close(): void
}

export class ProbeSession {
  private readonly contexts = new Map<string, tls.SecureContext>()
  private readonly sessions = new Map<string, TlsResumption>()
  private readonly answers = new Map<string, Promise<DnsResult>>()
  private readonly open = new Set<Closeable>()
  private closed = false

  /** One SecureContext per distinct trust + client identity (parsing PEM keys costs CPU on every connect). */
  secureContext({ca, cert, key}: TlsMaterial): tls.SecureContext {
    const id = materialId({ca, cert, key})
    let context = this.contexts.get(id)
    if (!context) {
      context = tls.createSecureContext({...(ca ? {ca} : {}), ...(cert && key ? {cert, key} : {})})
      this.contexts.set(id, context)
    }
    return context
  }

  /** A TLS session ticket from an earlier verified handshake to the same address, name and material. */
  tlsSession(id: string): TlsResumption | undefined {
    return this.sessions.get(id)
  }

  saveTlsSession(id: string, session: TlsResumption): void {
    this.sessions.set(id, session)
  }

  /** DNS answers reused within the run (concurrent asks for one name share one query). */
  resolve(query: DnsQuery): Promise<DnsResult> {
    const id = `${query.type ?? 'A'} ${query.server ?? ''} ${query.name.toLowerCase()}`
    let answer = this.answers.get(id)
    if (!answer) {
      answer = probeDns(query)
      this.answers.set(id, answer)
    }
    return answer
  }

  /** Keeps a channel to close with the run; returns it. A closed session closes what it is given at once. */
  track<T extends Closeable>(channel: T): T {
    if (this.closed) channel.close()
    else this.open.add(channel)
    return channel
  }

  release(channel: Closeable): void {
    this.open.delete(channel)
    channel.close()
  }

  close(): void {
    this.closed = true
    for (const channel of this.open) channel.close()
    this.open.clear()
    this.answers.clear()
  }
}

export function tlsSessionId(host: string, port: number, servername: string | undefined, material: TlsMaterial): string {
  return `${host} ${port} ${servername ?? ''} ${materialId(material)}`
}

const materialId = ({ca, cert, key}: TlsMaterial) => `${ca ?? ''}\0${cert && key ? `${cert}\0${key}` : ''}`
