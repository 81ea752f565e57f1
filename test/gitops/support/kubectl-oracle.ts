// Runs `kubectl kustomize` (the kustomize that kubectl embeds) and normalises objects so two builds compare as sets.
import {spawnSync} from 'node:child_process'
import {parseAllDocuments} from 'yaml'

export type KubectlResult = {ok: true; objects: string[]} | {ok: false; error: string}

export function kubectlAvailable(): boolean {
  return spawnSync('kubectl', ['version', '--client'], {encoding: 'utf8'}).status === 0
}

/** Flux builds with LoadRestrictionsNone (files outside the kustomization directory, inside the repository). */
export function kubectlKustomize(absDir: string): KubectlResult {
  const r = spawnSync('kubectl', ['kustomize', '--load-restrictor', 'LoadRestrictionsNone', absDir], {encoding: 'utf8', maxBuffer: 256 << 20, timeout: 60_000})
  if (r.status !== 0) return {ok: false, error: r.stderr.trim()}
  const docs = parseAllDocuments(r.stdout)
  const list = Array.isArray(docs) ? docs : []
  return {ok: true, objects: list.map((d) => d.toJS()).filter((v) => v !== null).map(canonical).sort()}
}

/** Stable JSON with sorted keys. */
export function canonical(v: unknown): string {
  return JSON.stringify(sortKeys(v))
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys)
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]))
  }
  return v
}
