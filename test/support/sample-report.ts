// Hand-built check runs for report-engine tests: two clusters, one error, one warning, one skip.
import type {Check} from '../../src/lib/checks/engine.js'

export interface SampleModel {
  clusters: {name: string; id: number; file: string}[]
  unknownCidrs?: string[]
}

export const sampleModel: SampleModel = {
  clusters: [
    {name: 'infra', id: 1, file: 'kubernetes/clusters/infra/cluster-settings.yaml'},
    {name: 'apps', id: 1, file: 'kubernetes/clusters/apps/cluster-settings.yaml'},
  ],
  unknownCidrs: ['apps'],
}

export const sampleChecks: Check<SampleModel>[] = [
  {
    id: 'CM203',
    run(model, ctx) {
      const seen = new Map<number, string>()
      for (const c of model.clusters) {
        const first = seen.get(c.id)
        if (first) ctx.report({cluster: c.name, peer: first, message: `clusters ${first} and ${c.name} both use cluster id ${c.id}`, file: c.file, line: 8, column: 3})
        else {
          seen.set(c.id, c.name)
          ctx.pass({cluster: c.name})
        }
      }
    },
  },
  {
    id: 'CM217',
    run(model, ctx) {
      ctx.report({cluster: 'infra', message: 'chart 1.18.1 here, 1.17.4 in apps', file: 'kubernetes/infrastructure/cilium/helmrelease.yaml', line: 12, column: 7})
      ctx.pass({cluster: 'apps'})
    },
  },
  {
    id: 'CM205',
    run(model, ctx) {
      for (const c of model.clusters) {
        if (model.unknownCidrs?.includes(c.name)) ctx.skip({cluster: c.name}, 'PodCIDR is a SOPS-encrypted value')
        else ctx.pass({cluster: c.name})
      }
    },
  },
]

/**
 * A check with a bug: it reports one finding and passes one cluster, then throws. Tests add it to a run to see an
 * internal error end as an `error` result in every format and exit 4; it is never part of the product's checks.
 * The message carries a PEM block and a token-like run, which must never reach any output.
 */
export const throwingCheck: Check<SampleModel> = {
  id: 'CM201',
  run(model, ctx) {
    ctx.pass({cluster: model.clusters[0].name})
    ctx.report({cluster: model.clusters[1].name, message: 'found before the bug', severity: 'warning'})
    const secret = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----'
    throw new TypeError(`Cannot read properties of undefined (reading 'ipv4') near ${secret} token=eyJhbGciOiJSUzI1NiIsImtpZCI6Ijk4ZGYzZjRhNmU1In0`)
  },
}
