// Suppression with a reason: from .kubectl-mesh.yaml or an object's mesh.kubectl.io/suppress annotation.
import type {Finding, ResourceRef, Suppressed} from './types.js'

export interface SuppressRule {
  id: string
  reason: string
  cluster?: string
  peer?: string
  resource?: Partial<ResourceRef>
  file?: string
}

export const SUPPRESS_ANNOTATION = 'mesh.kubectl.io/suppress'

/** Parses `CM213=CA rotated by hand; CM210=…` into rules bound to one object. */
export function rulesFromAnnotation(value: string, resource: ResourceRef, cluster?: string): SuppressRule[] {
  const rules: SuppressRule[] = []
  for (const part of value.split(/[;\n]/)) {
    const m = /^\s*(CM\d{3})\s*=\s*(.+?)\s*$/i.exec(part)
    if (m) rules.push({id: m[1].toUpperCase(), reason: m[2], resource, ...(cluster ? {cluster} : {})})
  }
  return rules
}

function matches(rule: SuppressRule, f: Finding): boolean {
  if (rule.id !== f.id) return false
  if (rule.cluster && rule.cluster !== f.cluster) return false
  if (rule.peer && rule.peer !== f.peer) return false
  if (rule.file && rule.file !== f.file) return false
  if (rule.resource) {
    const r = f.resource
    if (!r) return false
    for (const key of ['kind', 'name', 'namespace'] as const) {
      if (rule.resource[key] !== undefined && rule.resource[key] !== r[key]) return false
    }
  }
  return true
}

export function applySuppressions(findings: Finding[], rules: readonly SuppressRule[]): {kept: Finding[]; suppressed: Suppressed[]} {
  const kept: Finding[] = []
  const suppressed: Suppressed[] = []
  for (const f of findings) {
    const rule = rules.find((r) => matches(r, f))
    if (!rule) {
      kept.push(f)
      continue
    }
    suppressed.push({
      id: f.id,
      ...(f.cluster ? {cluster: f.cluster} : {}),
      ...(f.peer ? {peer: f.peer} : {}),
      reason: rule.reason,
      message: f.message,
    })
  }
  return {kept, suppressed}
}
