// The content hash kustomize appends to generated ConfigMap/Secret names (api/hasher).
import {createHash} from 'node:crypto'
import {goJson} from '../util/json.js'
import type {KObj} from './resid.js'

const SUBSTITUTE: Record<string, string> = {'0': 'g', '1': 'h', '3': 'k', a: 'm', e: 't'}

function encode(hex: string): string {
  return [...hex.slice(0, 10)].map((c) => SUBSTITUTE[c] ?? c).join('')
}

const isMap = (v: unknown) => !!v && typeof v === 'object' && !Array.isArray(v)

/** Hash of a ConfigMap (data, binaryData) or Secret (type, data, stringData), as kustomize computes it. */
export function kustomizeHash(obj: KObj): string {
  // kustomize looks the name up with yaml.Lookup("metadata/name"), a single field that never exists, so
  // the name it hashes is always empty; the hash depends on the content only.
  const name = ''
  let m: Record<string, unknown>
  if (obj.kind === 'ConfigMap') {
    m = {kind: 'ConfigMap', name, data: obj.data ?? ''}
    if (isMap(obj.binaryData)) m.binaryData = obj.binaryData
  } else if (obj.kind === 'Secret') {
    m = {kind: 'Secret', type: obj.type ?? '', name, data: obj.data ?? ''}
    if (isMap(obj.stringData)) m.stringData = obj.stringData
  } else m = obj
  return encode(createHash('sha256').update(goJson(m)).digest('hex'))
}
