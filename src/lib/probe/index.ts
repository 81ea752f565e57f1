// Network steps for live checks: each a small function with its own timeout and a typed result.
export {type CertificateFacts, certificateFacts, certificatesFromPem} from './certificate.js'
export {type DnsErrorKind, type DnsQuery, type DnsResult, probeDns} from './dns.js'
export {
  type EtcdFailure,
  type EtcdHealthResult,
  type EtcdKeyValue,
  type EtcdRangeResult,
  type EtcdTarget,
  type EtcdVersionResult,
  EtcdChannel,
  type EtcdChannelOptions,
  type EtcdReadOptions,
  etcdGet,
  etcdHealth,
  etcdVersion,
  prefixEnd,
} from './etcd.js'
export {type Closeable, ProbeSession, type TlsMaterial, tlsSessionId} from './session.js'
export {type ProbeFailure, type ProbeFailureKind} from './failure.js'
export {type TcpResult, type TcpTarget, probeTcp} from './tcp.js'
export {type ClientCertVerdict, type TlsFailure, type TlsResult, type TlsResumption, type TlsSuccess, type TlsTarget, probeTls} from './tls.js'
