// Reads a Cilium value as Helm would see it: the user's value (with its position and the settings variable it
// came from), else the chart default of the version in the repository.
import type {SourcePos, Variable} from '../gitops/types.js'
import type {ResourceRef} from '../report/types.js'
import {type ChartMinor, chartDefault, valuesUrl} from './chart-defaults.js'
import {type Fact, known, unknown} from './fact.js'
import {getIn, type HelmValues} from './values.js'
import {traceVariable, unresolvedReference} from './variables.js'

export interface ValueReader {
  /** Merged value at a path (keys may contain dots: pass them as separate elements). */
  get(path: readonly string[], candidates?: readonly string[]): Fact<unknown>
  /** The user's value only. */
  user(path: readonly string[]): {found: boolean; value: unknown}
  locate(path: readonly (string | number)[]): SourcePos
  /** Variables substituted into the release, for tracing values found elsewhere in it. */
  vars: ReadonlyMap<string, Variable>
  /** The HelmRelease; absent for values files declared in .kubectl-mesh.yaml. */
  resource?: ResourceRef
}

export interface ReaderInput {
  values: HelmValues
  chart: ChartMinor
  valuesPos: SourcePos
  vars: ReadonlyMap<string, Variable>
  resource?: ResourceRef
}

export function makeReader({values, chart, valuesPos, vars, resource}: ReaderInput): ValueReader {
  const locate = (path: readonly (string | number)[]) => values.locate([...path]) ?? valuesPos
  return {
    vars,
    resource,
    locate,
    user: (path) => getIn(values.values, path),
    get(path, candidates = []) {
      const user = getIn(values.values, path)
      if (user.found) {
        const pos = locate(path)
        const unresolved = unresolvedReference(user.value, vars)
        if (unresolved)
          return unknown(unresolved.reason, {pos, resource, ...(unresolved.variable ? {variable: unresolved.variable} : {})})
        // A SOPS-encrypted setting substituted as "" is unknown, not empty.
        const sops = candidates.find((n) => vars.get(n)?.unknown)
        if (sops && (user.value === '' || user.value === null)) {
          const v = vars.get(sops)
          return unknown(`${sops} is SOPS-encrypted`, {pos, resource, variable: {name: sops, ...(v?.source ? {pos: v.source} : {})}})
        }
        const variable = traceVariable(user.value, vars, candidates)
        return known(user.value, {pos, resource, ...(variable ? {variable} : {})})
      }
      const why = values.unknown?.([...path])
      if (why) return {...unknown(why.reason, {pos: valuesPos, resource}), ...(why.present ? {present: true} : {})}
      const def = chartDefault(chart, path.join('.'))
      return known(def.value, {pos: valuesPos, resource, ...(def.found ? {default: {chart, url: valuesUrl(chart)}} : {})})
    },
  }
}

/** Helm booleans as users write them: true/false, "true"/"false". */
export function asBool(fact: Fact<unknown>): Fact<boolean> {
  if (!fact.known) return fact
  const v = fact.value
  if (typeof v === 'boolean') return {...fact, value: v}
  if (v === 'true' || v === 'false') return {...fact, value: v === 'true'}
  if (v === undefined || v === null || v === '') return {...fact, value: false}
  return unknown(`expected true or false, found ${JSON.stringify(v)}`, fact)
}

export function asString(fact: Fact<unknown>): Fact<string> {
  if (!fact.known) return fact
  const v = fact.value
  return {...fact, value: v === undefined || v === null ? '' : String(v)}
}
