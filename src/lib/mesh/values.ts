// Access to a HelmRelease's values. The renderer's helmValues (spec.values merged with valuesFrom) is wired in
// through HelmValuesAccessor; without it, spec.values alone is read and anything else is marked unknown.
import type {JsonPath, RenderedCluster, RenderedObject, SourcePos} from '../gitops/types.js'

/** A value that cannot be read. */
export interface UnknownValue {
  reason: string
  /** The path is certainly set (a valuesFrom targetPath); only its content cannot be read. */
  present?: boolean
}

export interface HelmValues {
  /** The values the release is installed with (user values only, not the chart defaults). */
  values: Record<string, unknown>
  /** Position of a value, path relative to the values root. */
  locate(path: JsonPath): SourcePos | undefined
  /**
   * Why a value at path cannot be known (a SOPS-encrypted valuesFrom Secret, a source the renderer could not read);
   * undefined when `values` is authoritative for it.
   */
  unknown?(path: JsonPath): UnknownValue | undefined
}

export type HelmValuesAccessor = (cluster: RenderedCluster, helmRelease: RenderedObject) => HelmValues | undefined

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v)

/** Reads a nested value; `found` distinguishes a missing key from an explicit null. */
export function getIn(root: unknown, path: JsonPath): {found: boolean; value: unknown} {
  let cur: unknown = root
  for (const key of path) {
    if (typeof key === 'number') {
      if (!Array.isArray(cur) || key >= cur.length) return {found: false, value: undefined}
      cur = cur[key]
    } else {
      if (!isRecord(cur) || !Object.hasOwn(cur, key)) return {found: false, value: undefined}
      cur = cur[key]
    }
  }
  return {found: true, value: cur}
}

/** Splits a valuesFrom targetPath ("tls.ca.cert", "a\\.b.c") into keys. */
export const splitTargetPath = (p: string) => p.split(/(?<!\\)\./).map((k) => k.replace(/\\\./g, '.'))

const isPrefix = (prefix: readonly (string | number)[], path: JsonPath) =>
  prefix.length <= path.length && prefix.every((k, i) => String(k) === String(path[i]))

/**
 * spec.values of the HelmRelease itself. valuesFrom is not read: a targetPath entry makes that path (and below)
 * set-but-unknown; a whole-file entry makes every value not set inline unknown.
 */
export const specValuesAccessor: HelmValuesAccessor = (_cluster, hr) => {
  const spec = isRecord(hr.object.spec) ? hr.object.spec : {}
  const values = isRecord(spec.values) ? spec.values : {}
  const valuesFrom = (Array.isArray(spec.valuesFrom) ? spec.valuesFrom : []).filter(isRecord)
  const label = (v: Record<string, unknown>) => `${String(v.kind)}/${String(v.name)}`
  const targeted = valuesFrom.filter((v) => typeof v.targetPath === 'string' && v.targetPath)
  const whole = valuesFrom.filter((v) => !(typeof v.targetPath === 'string' && v.targetPath))
  return {
    values,
    locate: (path) => hr.locate(['spec', 'values', ...path]),
    unknown(path) {
      // Later valuesFrom entries and spec.values win over earlier ones; spec.values is merged last.
      if (getIn(values, path).found) return undefined
      const hit = [...targeted].reverse().find((v) => isPrefix(splitTargetPath(String(v.targetPath)), path))
      if (hit) return {reason: `set from valuesFrom ${label(hit)}, which was not read`, present: hit.optional !== true}
      if (whole.length > 0) return {reason: `values also come from valuesFrom (${whole.map(label).join(', ')}), which was not read`}
      return undefined
    },
  }
}
