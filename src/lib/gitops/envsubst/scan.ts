// Scanner of fluxcd/pkg/envsubst (a fork of drone/envsubst), ported token for token so that our
// substitution fails and succeeds exactly where Flux's does. Positions are UTF-16 offsets into the buffer;
// `skip` removes an escape character like Go's scanner does, and remembers where, to map offsets back.

export const enum Token {
  Illegal,
  EOF,
  Ident,
  Lbrack,
  Rbrack,
}

export const SCAN_IDENT = 1
export const SCAN_LBRACK = 2
export const SCAN_RBRACK = 4
export const SCAN_ESCAPE = 8

export const ESC_DOLLAR = 1
export const ESC_BACKSLASH = 2
export const ESC_ALL = ESC_DOLLAR | ESC_BACKSLASH

export type Accept = (r: string, i: number) => boolean

const EOF = ''

export class Scanner {
  buf = ''
  pos = 0
  start = 0
  width = 0
  mode = 0
  escapeChars = 0
  accept: Accept = () => true
  /** Buffer positions where an escape character was removed, in order. */
  readonly removed: number[] = []

  init(buf: string): void {
    this.buf = buf
    this.pos = 0
    this.start = 0
    this.width = 0
  }

  read(): string {
    if (this.pos >= this.buf.length) {
      this.width = 0
      return EOF
    }
    const cp = this.buf.codePointAt(this.pos)!
    const r = String.fromCodePoint(cp)
    this.width = r.length
    this.pos += this.width
    return r
  }

  unread(): void {
    this.pos -= this.width
  }

  /** Removes the character just read (the first of an escape pair). */
  skip(): void {
    this.removed.push(this.pos - 1)
    this.buf = this.buf.slice(0, this.pos - 1) + this.buf.slice(this.pos)
  }

  peek(): string {
    const r = this.read()
    this.unread()
    return r
  }

  string(): string {
    return this.buf.slice(this.start, this.pos)
  }

  /** Maps a position in the (possibly shortened) buffer back to the original input. */
  originalOffset(bufPos: number): number {
    let pos = bufPos
    for (const r of this.removed) if (r <= pos) pos++
    return pos
  }

  scan(): Token {
    this.start = this.pos
    const r = this.read()
    if (r === EOF) return Token.EOF
    if (this.scanLbrack(r)) return Token.Lbrack
    if (this.scanRbrack(r)) return Token.Rbrack
    if (this.scanIdent(r)) return Token.Ident
    return Token.Illegal
  }

  private scanIdent(r: string): boolean {
    if ((this.mode & SCAN_IDENT) === 0) return false
    if (this.scanEscaped(r)) this.skip()
    else if (!this.accept(r, this.pos - this.start)) return false
    for (;;) {
      const c = this.read()
      if (c === EOF) {
        this.unread()
        break
      }
      if (this.scanLbrack(c)) {
        // Go unreads twice here: back over "{" and over "$", one byte each.
        this.pos -= 2
        break
      }
      if (this.scanEscaped(c)) {
        this.skip()
        continue
      }
      if (!this.accept(c, this.pos - this.start)) {
        this.unread()
        break
      }
    }
    return true
  }

  private scanLbrack(r: string): boolean {
    if ((this.mode & SCAN_LBRACK) === 0) return false
    if (r === '$') {
      if (this.read() === '{') return true
      this.unread()
    }
    return false
  }

  private scanRbrack(r: string): boolean {
    return (this.mode & SCAN_RBRACK) !== 0 && r === '}'
  }

  private scanEscaped(r: string): boolean {
    if ((this.mode & SCAN_ESCAPE) === 0) return false
    if (r === '$' && (this.escapeChars & ESC_DOLLAR) !== 0 && this.peek() === '$') return true
    if (r === '\\' && (this.escapeChars & ESC_BACKSLASH) !== 0) {
      const next = this.peek()
      return next === '/' || next === '\\'
    }
    return false
  }
}

const LETTER_OR_DIGIT = /^[\p{L}\p{Nd}_]$/u

export const acceptRune: Accept = () => true
export const acceptIdent: Accept = (r) => LETTER_OR_DIGIT.test(r)
export const acceptColon: Accept = (r) => r === ':'
export const acceptOneHash: Accept = (r, i) => r === '#' && i === 1
export const acceptNotClosing: Accept = (r) => r !== '}'
export const acceptHashFunc: Accept = (r, i) => r === '#' && i < 3
export const acceptPercentFunc: Accept = (r, i) => r === '%' && i < 3
export const acceptDefaultFunc: Accept = (r, i) => (i === 1 && r === ':') || (i === 2 && (r === '=' || r === '-' || r === '?' || r === '+'))
export const acceptReplaceFunc: Accept = (r, i) => (i === 1 && r === '/') || (i === 2 && (r === '/' || r === '#' || r === '%'))
export const acceptOneEqual: Accept = (r, i) => i === 1 && r === '='
export const acceptOneColon: Accept = (r, i) => i === 1 && r === ':'
export const rejectColonClose: Accept = (r) => r !== ':' && r !== '}'
export const acceptSlash: Accept = (r) => r === '/'
export const acceptNotSlash: Accept = (r) => r !== '/'
export const acceptCasingFunc: Accept = (r, i) => (r === ',' || r === '^') && i < 3
