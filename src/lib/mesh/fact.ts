// A fact about a cluster, with where it came from; or the reason it cannot be known.
// Checks that need an unknown fact skip; they never pass on a guess.
import type {SourcePos} from '../gitops/types.js'
import type {ResourceRef} from '../report/types.js'

/** The settings variable a value was substituted from (cluster-settings.yaml's line). */
export interface VariableRef {
  name: string
  pos?: SourcePos
}

/** The chart default a value falls back to. */
export interface DefaultRef {
  /** Chart minor version of the defaults table used, e.g. "1.18". */
  chart: string
  /** Link to install/kubernetes/cilium/values.yaml of that version. */
  url: string
}

export interface Origin {
  /** Where the value is written (or, for a default, where the Helm values are). */
  pos?: SourcePos
  variable?: VariableRef
  default?: DefaultRef
  resource?: ResourceRef
}

export interface KnownFact<T> extends Origin {
  known: true
  value: T
}

export interface UnknownFact extends Origin {
  known: false
  reason: string
  /** The value is certainly set (e.g. from a Secret through valuesFrom), only its content is unknown. */
  present?: boolean
}

export type Fact<T> = KnownFact<T> | UnknownFact

/** Only the origin fields of a fact (or of an origin), so that a fact can lend its origin to another. */
export function originOf(o: Origin): Origin {
  return {
    ...(o.pos ? {pos: o.pos} : {}),
    ...(o.variable ? {variable: o.variable} : {}),
    ...(o.default ? {default: o.default} : {}),
    ...(o.resource ? {resource: o.resource} : {}),
  }
}

export const known = <T>(value: T, origin: Origin = {}): KnownFact<T> => ({...originOf(origin), known: true, value})

export const unknown = (reason: string, origin: Origin = {}): UnknownFact => ({...originOf(origin), known: false, reason})

/** The position a finding about this fact should point at: the variable's definition wins. */
export function factPos(fact: Origin | undefined): SourcePos | undefined {
  return fact?.variable?.pos ?? fact?.pos
}

/** Location fields for ctx.report(). */
export function at(fact: Origin | undefined): {file?: string; line?: number; column?: number; resource?: ResourceRef} {
  const pos = factPos(fact)
  return {
    ...(pos ? {file: pos.file, line: pos.line, column: pos.column} : {}),
    ...(fact?.resource ? {resource: fact.resource} : {}),
  }
}

/** "(from CLUSTER_ID)" / "(chart default)" suffix for messages. */
export function provenance(fact: Origin): string {
  if (fact.variable) return ` (from ${fact.variable.name})`
  if (fact.default) return ` (chart ${fact.default.chart} default)`
  return ''
}

export function mapFact<T, U>(fact: Fact<T>, fn: (value: T) => U): Fact<U> {
  return fact.known ? {...fact, value: fn(fact.value)} : fact
}
