// Repository-relative paths: always POSIX, normalised, never starting with "./", "" for the root.
import {posix} from 'node:path'

/** Normalises a path relative to the repository root; returns undefined when it climbs above the root. */
export function normaliseRel(rel: string): string | undefined {
  const n = posix.normalize(rel.replaceAll('\\', '/'))
  if (n === '.' || n === './' || n === '') return ''
  if (n === '..' || n.startsWith('../') || n.startsWith('/')) return undefined
  return n.replace(/^\.\//, '').replace(/\/$/, '')
}

/** Joins a reference found in a file under `baseDir` (both repository-relative) and normalises it. */
export function joinRel(baseDir: string, ref: string): string | undefined {
  if (ref.startsWith('/')) return undefined
  return normaliseRel(baseDir === '' ? ref : `${baseDir}/${ref}`)
}

export function dirnameRel(rel: string): string {
  const d = posix.dirname(rel)
  return d === '.' ? '' : d
}

export function basenameRel(rel: string): string {
  return posix.basename(rel)
}

/** True when `rel` is `dir` or below it. */
export function isUnder(rel: string, dir: string): boolean {
  return dir === '' || rel === dir || rel.startsWith(`${dir}/`)
}

export function isYamlName(name: string): boolean {
  return name.endsWith('.yaml') || name.endsWith('.yml')
}
