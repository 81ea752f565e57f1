// Shell pattern matching of fluxcd/pkg/envsubst/path (Go's path.Match without the "/" rule),
// used by ${var#pattern} and friends. Returns 'error' for a malformed pattern, as Go returns ErrBadPattern.

type Chunk = {rest: string; ok: boolean; err?: boolean}

export function globMatch(pattern: string, name: string): boolean | 'error' {
  let p = pattern
  let n = name
  outer: while (p.length > 0) {
    const {star, chunk, rest} = scanChunk(p)
    p = rest
    if (star && chunk === '') return true
    const first = matchChunk(chunk, n)
    if (first.ok && (first.rest.length === 0 || p.length > 0)) {
      n = first.rest
      continue
    }
    if (first.err) return 'error'
    if (star) {
      for (let i = 0; i < n.length; i++) {
        const t = matchChunk(chunk, n.slice(i + 1))
        if (t.ok) {
          if (p.length === 0 && t.rest.length > 0) continue
          n = t.rest
          continue outer
        }
        if (t.err) return 'error'
      }
    }
    return false
  }
  return n.length === 0
}

function scanChunk(pattern: string): {star: boolean; chunk: string; rest: string} {
  let p = pattern
  let star = false
  while (p.startsWith('*')) {
    p = p.slice(1)
    star = true
  }
  let inRange = false
  let i = 0
  scan: for (; i < p.length; i++) {
    switch (p[i]) {
      case '\\':
        if (i + 1 < p.length) i++
        break
      case '[':
        inRange = true
        break
      case ']':
        inRange = false
        break
      case '*':
        if (!inRange) break scan
    }
  }
  return {star, chunk: p.slice(0, i), rest: p.slice(i)}
}

function firstRune(s: string): string {
  return String.fromCodePoint(s.codePointAt(0)!)
}

function matchChunk(chunkIn: string, sIn: string): Chunk {
  let chunk = chunkIn
  let s = sIn
  while (chunk.length > 0) {
    if (s.length === 0) return {rest: s, ok: false}
    switch (chunk[0]) {
      case '[': {
        const r = firstRune(s)
        s = s.slice(r.length)
        chunk = chunk.slice(1)
        let notNegated = true
        if (chunk.startsWith('^')) {
          notNegated = false
          chunk = chunk.slice(1)
        }
        let match = false
        let nrange = 0
        for (;;) {
          if (chunk.startsWith(']') && nrange > 0) {
            chunk = chunk.slice(1)
            break
          }
          const lo = getEsc(chunk)
          if (!lo) return {rest: s, ok: false, err: true}
          chunk = lo.rest
          let hi = lo.r
          if (chunk[0] === '-') {
            const h = getEsc(chunk.slice(1))
            if (!h) return {rest: s, ok: false, err: true}
            hi = h.r
            chunk = h.rest
          }
          const cp = r.codePointAt(0)!
          if (lo.r.codePointAt(0)! <= cp && cp <= hi.codePointAt(0)!) match = true
          nrange++
        }
        if (match !== notNegated) return {rest: s, ok: false}
        break
      }
      case '?':
        s = s.slice(firstRune(s).length)
        chunk = chunk.slice(1)
        break
      case '\\':
        chunk = chunk.slice(1)
        if (chunk.length === 0) return {rest: s, ok: false, err: true}
      // falls through
      default:
        if (chunk[0] !== s[0]) return {rest: s, ok: false}
        s = s.slice(1)
        chunk = chunk.slice(1)
    }
  }
  return {rest: s, ok: true}
}

function getEsc(chunkIn: string): {r: string; rest: string} | undefined {
  let chunk = chunkIn
  if (chunk.length === 0 || chunk[0] === '-' || chunk[0] === ']') return undefined
  if (chunk[0] === '\\') {
    chunk = chunk.slice(1)
    if (chunk.length === 0) return undefined
  }
  const r = firstRune(chunk)
  const rest = chunk.slice(r.length)
  if (rest.length === 0) return undefined
  return {r, rest}
}
