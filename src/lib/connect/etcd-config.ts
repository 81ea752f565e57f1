// One etcd client config as Cilium reads it: one parser for every command (src/lib/live/etcd-config.ts).
export {type EtcdConfigFile, looksLikeEtcdConfig, parseEtcdConfig} from '../live/etcd-config.js'
