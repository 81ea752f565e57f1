// Parser of fluxcd/pkg/envsubst/parse, ported function for function (same errors, same acceptance).
import {
  acceptCasingFunc, acceptColon, acceptDefaultFunc, acceptHashFunc, acceptIdent, acceptNotClosing, acceptNotSlash,
  acceptOneColon, acceptOneEqual, acceptOneHash, acceptPercentFunc, acceptReplaceFunc, acceptRune, acceptSlash,
  type Accept, ESC_ALL, ESC_DOLLAR, rejectColonClose, SCAN_ESCAPE, SCAN_IDENT, SCAN_LBRACK, SCAN_RBRACK, Scanner, Token,
} from './scan.js'

export type Node = TextNode | FuncNode | ListNode
export interface TextNode {
  type: 'text'
  value: string
}
export interface FuncNode {
  type: 'func'
  param: string
  name: string
  args: Node[]
  /** Offset of the `${` in the original input. */
  offset: number
}
export interface ListNode {
  type: 'list'
  nodes: Node[]
}

export class EnvsubstError extends Error {
  /** Offset of the `${` the error is about, in the original input. */
  constructor(message: string, readonly offset = 0) {
    super(message)
  }
}
export const ERR_BAD_SUBSTITUTION = 'bad substitution'
export const ERR_MISSING_CLOSING_BRACE = 'missing closing brace'
export const ERR_PARSE_VARIABLE_NAME = 'unable to parse variable name'
export const ERR_PARSE_FUNC_SUBSTITUTION = 'unable to parse substitution within function'
export const ERR_PARSE_DEFAULT_FUNCTION = 'unable to parse default function'

const EMPTY: TextNode = {type: 'text', value: ''}

export function parse(buf: string): Node {
  return new Parser(buf).parseAny()
}

class Parser {
  private readonly s = new Scanner()
  /** Offset of the `${` most recently scanned. */
  private lbrack = 0

  constructor(buf: string) {
    this.s.init(buf)
  }

  private fail(msg: string): never {
    throw new EnvsubstError(msg, this.lbrack)
  }

  private scanTok(): Token {
    const t = this.s.scan()
    if (t === Token.Lbrack) this.lbrack = this.s.originalOffset(this.s.start)
    return t
  }

  parseAny(): Node {
    const s = this.s
    s.accept = acceptRune
    s.mode = SCAN_IDENT | SCAN_LBRACK | SCAN_ESCAPE
    s.escapeChars = ESC_DOLLAR
    switch (this.scanTok()) {
      case Token.Ident: {
        const left: TextNode = {type: 'text', value: s.string()}
        const right = this.parseAny()
        return right === EMPTY ? left : {type: 'list', nodes: [left, right]}
      }
      case Token.EOF:
        return EMPTY
      case Token.Lbrack: {
        const left = this.parseFunc()
        const right = this.parseAny()
        return right === EMPTY ? left : {type: 'list', nodes: [left, right]}
      }
      default:
        return this.fail(ERR_BAD_SUBSTITUTION)
    }
  }

  private parseFunc(): Node {
    const s = this.s
    const offset = this.lbrack
    s.escapeChars = ESC_ALL
    if (s.peek() === '#') return this.parseLenFunc(offset)
    s.accept = acceptIdent
    s.mode = SCAN_IDENT
    if (s.scan() !== Token.Ident) this.fail(ERR_PARSE_VARIABLE_NAME)
    const name = s.string()
    switch (s.peek()) {
      case ':':
        return this.parseDefaultOrSubstr(name, offset)
      case '=':
        return this.parseDefaultFunc(name, offset)
      case ',':
      case '^':
        return this.parseCasingFunc(name, offset)
      case '/':
        return this.parseReplaceFunc(name, offset)
      case '#':
        return this.parseRemoveFunc(name, acceptHashFunc, offset)
      case '%':
        return this.parseRemoveFunc(name, acceptPercentFunc, offset)
    }
    s.accept = acceptIdent
    s.mode = SCAN_RBRACK
    if (s.scan() !== Token.Rbrack) this.fail(ERR_MISSING_CLOSING_BRACE)
    return {type: 'func', param: name, name: '', args: [], offset}
  }

  private parseParam(accept: Accept, mode: number): Node {
    const s = this.s
    s.accept = accept
    s.mode = mode | SCAN_LBRACK
    switch (this.scanTok()) {
      case Token.Lbrack:
        return this.parseFunc()
      case Token.Ident:
      case Token.Rbrack:
        return {type: 'text', value: s.string()}
      default:
        return this.fail(ERR_PARSE_FUNC_SUBSTITUTION)
    }
  }

  private parseDefaultOrSubstr(name: string, offset: number): Node {
    const s = this.s
    s.read()
    const r = s.peek()
    s.unread()
    return r === '=' || r === '-' || r === '?' || r === '+' ? this.parseDefaultFunc(name, offset) : this.parseSubstrFunc(name, offset)
  }

  private parseSubstrFunc(name: string, offset: number): Node {
    const s = this.s
    const node: FuncNode = {type: 'func', param: name, name: '', args: [], offset}
    s.accept = acceptOneColon
    s.mode = SCAN_IDENT
    if (s.scan() !== Token.Ident) this.fail(ERR_BAD_SUBSTITUTION)
    node.name = s.string()
    node.args.push(this.parseParam(rejectColonClose, SCAN_IDENT))
    s.accept = acceptColon
    s.mode = SCAN_IDENT | SCAN_RBRACK
    const t = s.scan()
    if (t === Token.Rbrack) return node
    if (t !== Token.Ident) this.fail(ERR_BAD_SUBSTITUTION)
    node.args.push(this.parseParam(acceptNotClosing, SCAN_IDENT))
    this.consumeRbrack()
    return node
  }

  private parseRemoveFunc(name: string, accept: Accept, offset: number): Node {
    const s = this.s
    const node: FuncNode = {type: 'func', param: name, name: '', args: [], offset}
    s.accept = accept
    s.mode = SCAN_IDENT
    if (s.scan() !== Token.Ident) this.fail(ERR_BAD_SUBSTITUTION)
    node.name = s.string()
    node.args.push(this.parseParam(acceptNotClosing, SCAN_IDENT))
    this.consumeRbrack()
    return node
  }

  private parseReplaceFunc(name: string, offset: number): Node {
    const s = this.s
    const node: FuncNode = {type: 'func', param: name, name: '', args: [], offset}
    s.accept = acceptReplaceFunc
    s.mode = SCAN_IDENT
    if (s.scan() !== Token.Ident) this.fail(ERR_BAD_SUBSTITUTION)
    node.name = s.string()
    node.args.push(this.parseParam(acceptNotSlash, SCAN_IDENT | SCAN_ESCAPE))
    s.accept = acceptSlash
    s.mode = SCAN_IDENT
    if (s.scan() !== Token.Ident) this.fail(ERR_BAD_SUBSTITUTION)
    if (s.peek() === '}') {
      this.consumeRbrack()
      return node
    }
    node.args.push(this.parseParam(acceptNotClosing, SCAN_IDENT | SCAN_ESCAPE))
    this.consumeRbrack()
    return node
  }

  private parseDefaultFunc(name: string, offset: number): Node {
    const s = this.s
    const node: FuncNode = {type: 'func', param: name, name: '', args: [], offset}
    s.accept = s.peek() === '=' ? acceptOneEqual : acceptDefaultFunc
    s.mode = SCAN_IDENT
    if (s.scan() !== Token.Ident) this.fail(ERR_PARSE_DEFAULT_FUNCTION)
    node.name = s.string()
    for (;;) {
      if (s.peek() === '}') {
        this.consumeRbrack()
        return node
      }
      node.args.push(this.parseParam(acceptNotClosing, SCAN_IDENT))
    }
  }

  private parseCasingFunc(name: string, offset: number): Node {
    const s = this.s
    const node: FuncNode = {type: 'func', param: name, name: '', args: [], offset}
    s.accept = acceptCasingFunc
    s.mode = SCAN_IDENT
    if (s.scan() !== Token.Ident) this.fail(ERR_BAD_SUBSTITUTION)
    node.name = s.string()
    this.consumeRbrack()
    return node
  }

  private parseLenFunc(offset: number): Node {
    const s = this.s
    const node: FuncNode = {type: 'func', param: '', name: '', args: [], offset}
    s.accept = acceptOneHash
    s.mode = SCAN_IDENT
    if (s.scan() !== Token.Ident) this.fail(ERR_BAD_SUBSTITUTION)
    node.name = s.string()
    s.accept = acceptIdent
    s.mode = SCAN_IDENT
    if (s.scan() !== Token.Ident) this.fail(ERR_BAD_SUBSTITUTION)
    node.param = s.string()
    this.consumeRbrack()
    return node
  }

  private consumeRbrack(): void {
    this.s.mode = SCAN_RBRACK
    if (this.s.scan() !== Token.Rbrack) this.fail(ERR_BAD_SUBSTITUTION)
  }
}
