// Unified diffs of the planned changes (Myers' O(ND) line diff: plans change few lines of long files).
import type {FileChange} from './types.js'

type Op = {kind: ' ' | '-' | '+'; line: string}

function myers(a: string[], b: string[]): Op[] {
  const n = a.length
  const m = b.length
  const max = n + m
  const v = new Map<number, number>([[1, 0]])
  const trace: Map<number, number>[] = []
  outer: for (let d = 0; d <= max; d++) {
    trace.push(new Map(v))
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v.get(k - 1) ?? -1) < (v.get(k + 1) ?? -1))
      let x = down ? (v.get(k + 1) ?? 0) : (v.get(k - 1) ?? 0) + 1
      let y = x - k
      while (x < n && y < m && a[x] === b[y]) {
        x++
        y++
      }
      v.set(k, x)
      if (x >= n && y >= m) break outer
    }
  }
  const ops: Op[] = []
  let x = n
  let y = m
  for (let d = trace.length - 1; d >= 0; d--) {
    const vd = trace[d]!
    const k = x - y
    const down = k === -d || (k !== d && (vd.get(k - 1) ?? -1) < (vd.get(k + 1) ?? -1))
    const prevK = down ? k + 1 : k - 1
    const prevX = vd.get(prevK) ?? 0
    const prevY = prevX - prevK
    while (x > prevX && y > prevY) {
      x--
      y--
      ops.push({kind: ' ', line: a[x]!})
    }
    if (d === 0) break
    if (down) ops.push({kind: '+', line: b[--y]!})
    else ops.push({kind: '-', line: a[--x]!})
  }
  return ops.reverse()
}

const linesOf = (text: string) => (text === '' ? [] : text.replace(/\n$/, '').split('\n'))

/** Hunks with three lines of context, in `diff -u` form. */
function hunks(ops: Op[], context = 3): string[] {
  const out: string[] = []
  const changed = ops.map((o, i) => (o.kind === ' ' ? -1 : i)).filter((i) => i >= 0)
  let i = 0
  while (i < changed.length) {
    const start = Math.max(0, changed[i]! - context)
    let end = Math.min(ops.length, changed[i]! + context + 1)
    while (i + 1 < changed.length && changed[i + 1]! - context <= end) end = Math.min(ops.length, changed[++i]! + context + 1)
    i++
    const before = ops.slice(0, start)
    const aStart = before.filter((o) => o.kind !== '+').length
    const bStart = before.filter((o) => o.kind !== '-').length
    const body = ops.slice(start, end)
    const aLen = body.filter((o) => o.kind !== '+').length
    const bLen = body.filter((o) => o.kind !== '-').length
    out.push(`@@ -${aLen ? aStart + 1 : aStart},${aLen} +${bLen ? bStart + 1 : bStart},${bLen} @@`, ...body.map((o) => `${o.kind}${o.line}`))
  }
  return out
}

export interface DiffPaint {
  add(s: string): string
  del(s: string): string
  meta(s: string): string
}

const plain: DiffPaint = {add: (s) => s, del: (s) => s, meta: (s) => s}

export function unifiedDiff(change: FileChange, paint: DiffPaint = plain): string {
  const a = linesOf(change.before ?? '')
  const b = linesOf(change.after)
  const head = [paint.meta(`--- ${change.before === undefined ? '/dev/null' : `a/${change.path}`}`), paint.meta(`+++ b/${change.path}`)]
  const body = hunks(myers(a, b)).map((l) => (l.startsWith('+') ? paint.add(l) : l.startsWith('-') ? paint.del(l) : l.startsWith('@@') ? paint.meta(l) : l))
  return [...head, ...body].join('\n')
}

export function planDiff(changes: FileChange[], paint?: DiffPaint): string {
  return changes.map((c) => unifiedDiff(c, paint)).join('\n')
}
