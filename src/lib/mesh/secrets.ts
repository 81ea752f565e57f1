// Which objects make the mesh Secrets (cilium-clustermesh, cilium-kvstoremesh) and cilium-ca exist.
// Only Secret entry names are kept, never their values.
import type {JsonPath, RenderedObject, SourcePos} from '../gitops/types.js'
import {groupOf, isKind, refOf} from './helmrelease.js'
import type {SecretProducer} from './types.js'
import {isRecord} from './values.js'

export const MESH_SECRETS = ['cilium-clustermesh', 'cilium-kvstoremesh'] as const
export const CA_SECRET = 'cilium-ca'

const keysOf = (v: unknown) => (isRecord(v) ? Object.keys(v) : [])

const isSops = (obj: RenderedObject) =>
  isRecord(obj.object.sops) ||
  [obj.object.data, obj.object.stringData].some((d) => isRecord(d) && Object.values(d).some((v) => /^ENC\[/.test(String(v))))

function fromExternalSecret(obj: RenderedObject): SecretProducer | undefined {
  const spec = isRecord(obj.object.spec) ? obj.object.spec : {}
  const target = isRecord(spec.target) ? spec.target : {}
  if (target.creationPolicy === 'None') return undefined
  const store = isRecord(spec.secretStoreRef) ? spec.secretStoreRef : {}
  const data = Array.isArray(spec.data) ? spec.data : []
  const dataFrom = Array.isArray(spec.dataFrom) ? spec.dataFrom : []
  const remoteKeys: {key: string; pos?: SourcePos}[] = []
  const at = (path: JsonPath) => obj.locate(path)
  data.forEach((d, i) => {
    if (isRecord(d) && isRecord(d.remoteRef) && typeof d.remoteRef.key === 'string')
      remoteKeys.push({key: d.remoteRef.key, pos: at(['spec', 'data', i, 'remoteRef', 'key'])})
  })
  dataFrom.forEach((d, i) => {
    if (isRecord(d) && isRecord(d.extract) && typeof d.extract.key === 'string')
      remoteKeys.push({key: d.extract.key, pos: at(['spec', 'dataFrom', i, 'extract', 'key'])})
  })
  const template = isRecord(target.template) ? target.template : {}
  const keys =
    dataFrom.length > 0
      ? undefined
      : [...data.flatMap((d) => (isRecord(d) && typeof d.secretKey === 'string' ? [d.secretKey] : [])), ...keysOf(template.data)]
  return {
    kind: 'ExternalSecret',
    secret: String(target.name ?? obj.object.metadata?.name ?? ''),
    namespace: obj.object.metadata?.namespace ?? '',
    ...(keys ? {keys} : {}),
    pos: (target.name === undefined ? at(['metadata', 'name']) : at(['spec', 'target', 'name'])) ?? obj.source,
    resource: refOf(obj),
    externalSecret: {
      store: {
        kind: typeof store.kind === 'string' ? store.kind : 'SecretStore',
        name: String(store.name ?? ''),
        pos: at(['spec', 'secretStoreRef', 'name']) ?? obj.source,
      },
      remoteKeys,
    },
  }
}

/** Every object in the list that produces a Secret, named as the cluster will see it. */
export function secretProducers(objects: readonly RenderedObject[]): SecretProducer[] {
  const out: SecretProducer[] = []
  for (const obj of objects) {
    const md = obj.object.metadata ?? {}
    if (obj.object.kind === 'Secret' && groupOf(obj.object.apiVersion) === '') {
      out.push({
        kind: 'Secret',
        secret: md.name ?? '',
        namespace: md.namespace ?? '',
        sops: isSops(obj),
        keys: [...new Set([...keysOf(obj.object.data), ...keysOf(obj.object.stringData)])],
        pos: obj.locate(['metadata', 'name']) ?? obj.source,
        resource: refOf(obj),
      })
    } else if (isKind(obj, 'external-secrets.io', 'ExternalSecret')) {
      const p = fromExternalSecret(obj)
      if (p) out.push(p)
    } else if (isKind(obj, 'bitnami.com', 'SealedSecret')) {
      const spec = isRecord(obj.object.spec) ? obj.object.spec : {}
      const tmd = isRecord(spec.template) && isRecord(spec.template.metadata) ? spec.template.metadata : {}
      out.push({
        kind: 'SealedSecret',
        secret: String(tmd.name ?? md.name ?? ''),
        namespace: String(tmd.namespace ?? md.namespace ?? ''),
        keys: keysOf(spec.encryptedData),
        pos: obj.locate(['metadata', 'name']) ?? obj.source,
        resource: refOf(obj),
      })
    }
  }
  return out
}

/** Same namespace, where a missing namespace (not yet known to the renderer) is taken as the release's. */
export const sameNamespace = (producerNs: string, releaseNs: string) => producerNs === '' || producerNs === releaseNs
