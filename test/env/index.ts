// The real-server test harness: start etcd, kube-apiserver and dnsmasq on loopback, always stop them.
// In a suite: `useTestEnv()` once (registers the after hook), `requireBinaries(this, [...])` in before().
import {stopAllServers} from './processes.js'
import {removeAllTmpDirs} from './tmp.js'

export {binary, findBinary, REPO_ROOT, requireBinaries, type Requirement, type ServerBinary, TESTENV_BIN} from './binaries.js'
export {ciliumCrds, ciliumDir, ciliumVersion, type ClustermeshApiserver, clustermeshApiserverBinary, type ClustermeshApiserverOptions, type CrdDocument, ETCD_MEMBER_NAME, etcdinit, type EtcdinitResult, installCiliumCrds, installCustomResources, startClustermeshApiserver} from './cilium.js'
export {type Cluster, type Identity, startCluster, startClusters} from './cluster.js'
export {type DnsRecord, type DnsServer, startDnsmasq} from './dnsmasq.js'
export {ciliumRemoteReader, CLUSTERMESH_SERVER_NAMES, type EtcdReader, type EtcdServer, type MtlsEtcd, type MtlsEtcdOptions, startEtcd, startMtlsEtcd} from './etcd.js'
export {type KubeconfigOptions, kubeconfigDocument, writeKubeconfig} from './kubeconfig.js'
export {type CertificateAuthority, type CertKeyPair, issueCert, type LeafOptions, mintCA} from './pki.js'
export {freePort, LOOPBACK} from './ports.js'
export {type ServerProcess} from './processes.js'
export {makeTmpDir} from './tmp.js'

export async function stopTestEnv(): Promise<void> {
  await stopAllServers()
  removeAllTmpDirs()
}

// Registers an after() hook in the calling describe() that stops every server and removes every tmp dir.
export function useTestEnv(): void {
  after(async function () {
    this.timeout(30_000)
    await stopTestEnv()
  })
}
