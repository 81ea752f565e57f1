// The repository as the plan sees it: what is on disk (read through SafeFs, so nothing outside the root),
// with the planned contents laid over it.
import {SafeFs} from '../gitops/repo/safe-fs.js'

export class Workspace {
  readonly fs: SafeFs
  private readonly planned = new Map<string, {after: string; why: string[]}>()
  private readonly reserved = new Set<string>()

  constructor(readonly root: string) {
    this.fs = new SafeFs(root)
  }

  disk(path: string): string | undefined {
    const r = this.fs.readText(path)
    return r.ok ? r.text : undefined
  }

  read(path: string): string | undefined {
    return this.planned.get(path)?.after ?? this.disk(path)
  }

  write(path: string, after: string, why: string): void {
    const previous = this.planned.get(path)
    this.planned.set(path, {after, why: [...(previous?.why ?? []), why]})
  }

  /** Reserves a path before its content is known, so that references to it count as existing. */
  reserve(path: string): void {
    this.reserved.add(path)
  }

  exists(path: string): boolean {
    if (this.fs.resolve(path).ok) return true
    return [...this.planned.keys(), ...this.reserved].some((p) => p === path || p.startsWith(`${path}/`))
  }

  /** What differs from the disk, sorted by path. */
  changes(): {path: string; before?: string; after: string; why: string[]}[] {
    return [...this.planned]
      .map(([path, p]) => ({path, before: this.disk(path), ...p}))
      .filter((c) => c.before !== c.after)
      .map(({before, ...c}) => (before === undefined ? c : {...c, before}))
      .sort((a, b) => a.path.localeCompare(b.path))
  }
}
