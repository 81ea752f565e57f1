// Findings the renderer itself produces (CM0xx and a few CM1xx facts), deduplicated.
import {definition, findingFor, type FindingInput} from '../checks/engine.js'
import type {Finding} from '../report/types.js'
import type {SourcePos} from './types.js'

export type RenderFindingId = 'CM001' | 'CM002' | 'CM003' | 'CM004' | 'CM005' | 'CM006' | 'CM007'

/** A finding before it is tied to a cluster: builds are shared between clusters. */
export interface RawFinding {
  id: RenderFindingId
  message: string
  at?: SourcePos
  severity?: FindingInput['severity']
  resource?: FindingInput['resource']
  details?: string[]
  hint?: string
}

export class FindingSink {
  private readonly seen = new Set<string>()
  readonly list: Finding[] = []

  add(raw: RawFinding, cluster?: string): void {
    const input: FindingInput = {
      message: raw.message,
      ...(cluster ? {cluster} : {}),
      ...(raw.at ? {file: raw.at.file, line: raw.at.line, column: raw.at.column} : {}),
      ...(raw.severity ? {severity: raw.severity} : {}),
      ...(raw.resource ? {resource: raw.resource} : {}),
      ...(raw.details ? {details: raw.details} : {}),
      ...(raw.hint ? {hint: raw.hint} : {}),
    }
    const key = JSON.stringify([raw.id, cluster ?? '', raw.at?.file, raw.at?.line, raw.at?.column, raw.message])
    if (this.seen.has(key)) return
    this.seen.add(key)
    this.list.push(findingFor(definition(raw.id), input))
  }
}
