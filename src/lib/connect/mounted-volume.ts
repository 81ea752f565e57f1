// Which Secrets/ConfigMaps make up the directory a container sees at a mount path, read from the pod
// template itself (secret, configMap or projected volume), and how their keys become files. Pure.
// Reading the live spec instead of assuming the chart's layout follows whatever the cluster really mounts.

export interface Item {
  key: string
  path: string
}

export interface VolumeSource {
  kind: 'Secret' | 'ConfigMap'
  name: string
  items?: Item[]
  optional: boolean
}

export interface PodSpecLike {
  containers?: {name?: string; volumeMounts?: {name?: string; mountPath?: string; subPath?: string}[]}[]
  volumes?: Record<string, unknown>[]
  hostAliases?: {ip?: string; hostnames?: string[]}[]
}

export type MountLookup = {ok: true; volume: string; sources: VolumeSource[]} | {ok: false; problem: string}

const trimSlash = (p: string) => p.replace(/\/+$/, '')
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

export function mountedSources(spec: PodSpecLike | undefined, container: string, mountPath: string): MountLookup {
  const c = spec?.containers?.find((x) => x.name === container)
  if (!c) return {ok: false, problem: `no container ${container}`}
  const mount = c.volumeMounts?.find((m) => m.mountPath && trimSlash(m.mountPath) === trimSlash(mountPath) && !m.subPath)
  if (!mount?.name) return {ok: false, problem: `container ${container} mounts nothing at ${mountPath}`}
  const volume = spec?.volumes?.find((v) => v.name === mount.name)
  if (!volume) return {ok: false, problem: `volume ${mount.name} is not defined`}
  const sources: VolumeSource[] = []
  if (isRecord(volume.secret)) sources.push(source('Secret', volume.secret, 'secretName'))
  else if (isRecord(volume.configMap)) sources.push(source('ConfigMap', volume.configMap, 'name'))
  else if (isRecord(volume.projected) && Array.isArray(volume.projected.sources)) {
    for (const s of volume.projected.sources) {
      if (isRecord(s) && isRecord(s.secret)) sources.push(source('Secret', s.secret, 'name'))
      else if (isRecord(s) && isRecord(s.configMap)) sources.push(source('ConfigMap', s.configMap, 'name'))
    }
  } else return {ok: false, problem: `volume ${mount.name} is neither a Secret, a ConfigMap nor a projected volume`}
  return {ok: true, volume: String(mount.name), sources}
}

function source(kind: VolumeSource['kind'], body: Record<string, unknown>, nameField: string): VolumeSource {
  const items = Array.isArray(body.items)
    ? body.items.filter(isRecord).map((i) => ({key: String(i.key ?? ''), path: String(i.path ?? i.key ?? '')}))
    : undefined
  return {kind, name: String(body[nameField] ?? ''), ...(items ? {items} : {}), optional: body.optional === true}
}

/** What the chart mounts when the pod template cannot be read (agent and KVStoreMesh alike). */
export function chartDefaultSources(meshSecret: string): VolumeSource[] {
  return [
    {kind: 'Secret', name: meshSecret, optional: true},
    {
      kind: 'Secret',
      name: 'clustermesh-apiserver-remote-cert',
      optional: true,
      items: [
        {key: 'tls.key', path: 'common-etcd-client.key'},
        {key: 'tls.crt', path: 'common-etcd-client.crt'},
        {key: 'ca.crt', path: 'common-etcd-client-ca.crt'},
      ],
    },
  ]
}

/** The files of the mounted directory; `data` maps "Kind/name" to the object's decoded keys, or undefined when missing. */
export function assembleFiles(sources: VolumeSource[], data: ReadonlyMap<string, ReadonlyMap<string, Buffer> | undefined>): {files: Map<string, Buffer>; problems: string[]} {
  const files = new Map<string, Buffer>()
  const problems: string[] = []
  for (const s of sources) {
    const keys = data.get(`${s.kind}/${s.name}`)
    if (!keys) {
      if (!s.optional) problems.push(`${s.kind} ${s.name} is missing (the pods cannot start without it)`)
      continue
    }
    if (s.items) {
      for (const item of s.items) {
        const value = keys.get(item.key)
        if (value) files.set(item.path, value)
        else if (!s.optional) problems.push(`${s.kind} ${s.name} has no key ${item.key}`)
      }
    } else for (const [key, value] of keys) files.set(key, value)
  }
  return {files, problems}
}

export function hostAliasesOf(spec: PodSpecLike | undefined): Map<string, string[]> {
  const out = new Map<string, string[]>()
  for (const alias of spec?.hostAliases ?? []) {
    if (!alias.ip) continue
    for (const name of alias.hostnames ?? []) out.set(name, [...(out.get(name) ?? []), alias.ip])
  }
  return out
}
