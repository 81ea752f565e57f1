import {Flags} from '@oclif/core'
import {ReportCommand, type Gathered, type RunContext} from '../lib/cli/report-command.js'
import {kubeFlags} from '../lib/cli/report-flags.js'
import {parseDuration} from '../lib/cli/duration.js'
import {connectCheckLive, connectCheckOffline} from '../lib/connect/run.js'
import {parseResolveFlags, parseResolver} from '../lib/connect/resolve-flags.js'
import {kubeOptionsFromFlags, openClusters, splitContextFlags} from '../lib/kube/index.js'
import {detectStyle} from '../lib/report/style.js'

export default class ConnectCheck extends ReportCommand<typeof ConnectCheck> {
  static id = 'connect-check'
  static summary = 'Probe every peer the way a Cilium agent connects: DNS, TCP, TLS, client certificate, etcd, cluster-config, heartbeat.'
  static description =
    'Live (contexts): reads each cluster\'s mesh configuration as its agents or KVStoreMesh mount it. Offline (--config-dir): ' +
    'reads a copy of /var/lib/cilium/clustermesh/. Each chain stops at its first failing step (CM501-CM507). Keys stay in memory.'
  static examples = [
    '<%= config.bin %> connect-check --context infra --context apps',
    '<%= config.bin %> connect-check --all-contexts --peer apps -o short',
    '<%= config.bin %> connect-check --config-dir ./clustermesh --cluster-name infra --resolve apps.example.io=10.25.11.120',
  ]
  static flags = {
    ...kubeFlags,
    namespace: Flags.string({char: 'n', default: 'kube-system', summary: 'Namespace Cilium runs in.'}),
    'config-dir': Flags.string({summary: 'Offline: an agent-style directory (etcd config per peer, certificates) instead of contexts.', exclusive: ['context', 'all-contexts'], helpValue: 'DIR'}),
    'cluster-name': Flags.string({summary: 'With --config-dir: the local cluster\'s name (its own entry is skipped).', dependsOn: ['config-dir']}),
    peer: Flags.string({multiple: true, summary: 'Only probe these peers (repeatable, comma-separated).'}),
    resolve: Flags.string({multiple: true, summary: 'Resolve HOST to IP without DNS, like curl (repeatable; IP may be a comma list).', helpValue: 'HOST=IP'}),
    resolver: Flags.string({summary: 'DNS server to ask instead of the system resolver.', helpValue: 'IP[:PORT]'}),
    'step-timeout': Flags.string({default: '5s', summary: 'Timeout of each step of each probe.', helpValue: 'DURATION'}),
  }

  protected async gather(ctx: RunContext): Promise<Gathered> {
    const f = this.flags
    const options = {
      selection: ctx.selection,
      resolve: parseResolveFlags(f.resolve),
      ...(f.resolver ? {resolver: parseResolver(f.resolver)} : {}),
      stepTimeoutMs: parseDuration(f['step-timeout'], 'step-timeout'),
      ...(f.timeout ? {deadline: Date.now() + parseDuration(f.timeout, 'timeout')} : {}),
      ...(f.peer ? {peers: splitContextFlags(f.peer)} : {}),
      unicode: detectStyle({env: process.env, isTTY: Boolean(process.stdout.isTTY), noColorFlag: f['no-color']}).unicode,
      signal: ctx.signal,
      progress: ctx.progress,
    }
    if (f['config-dir']) return connectCheckOffline(f['config-dir'], f['cluster-name'], options)
    const clients = await openClusters(kubeOptionsFromFlags(f))
    return connectCheckLive(clients, f.namespace, options)
  }
}
