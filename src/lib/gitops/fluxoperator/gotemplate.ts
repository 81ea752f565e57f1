// A small Go text/template for flux-operator ResourceSets: delimiters `<<` `>>`, option missingkey=error,
// no data (`.` and `$` are nil: values come from the `inputs` function), the slim-sprig functions in sprig.ts.
// Supported: text, actions with pipelines, variables ($x := / $x =), if / else if / else, range (lists, maps,
// integers, `$i, $v :=`, break/continue), with / else with, comments, trim markers `<<- ` and ` ->>`,
// parenthesised pipelines with field chains, field chains on functions (`inputs.a.b`) and variables.
// Not supported (TemplateUnsupported): define / template / block, character constants, complex numbers.
import {FuncError, FUNCS, isUnknown, printValue, truthy, Unknown} from './sprig.js'

/** The template would fail in flux-operator too (a missing key, a bad function call, a parse error). */
export class TemplateError extends Error {}
/** A construct this evaluator does not implement; the ResourceSet is reported as not evaluated. */
export class TemplateUnsupported extends Error {}

type Arg =
  | {t: 'lit'; v: unknown}
  | {t: 'ident'; name: string; chain: string[]}
  | {t: 'dot'; chain: string[]}
  | {t: 'var'; name: string; chain: string[]}
  | {t: 'paren'; pipe: Pipe; chain: string[]}
type Cmd = Arg[]
interface Pipe {
  decl?: {names: string[]; assign: boolean}
  cmds: Cmd[]
}
type Node =
  | {t: 'text'; text: string}
  | {t: 'action'; pipe: Pipe}
  | {t: 'if' | 'with'; pipe: Pipe; list: Node[]; elseList?: Node[]}
  | {t: 'range'; pipe: Pipe; list: Node[]; elseList?: Node[]}
  | {t: 'break' | 'continue'}

const LEFT = '<<'
const RIGHT = '>>'
const SPACE = /[ \t\r\n]/

interface RawAction {
  text: string
  /** Offset of the action in the template, for messages. */
  at: number
}

/** Splits the template into text and action pieces, applying the trim markers. */
function scan(src: string): (string | RawAction)[] {
  const out: (string | RawAction)[] = []
  let i = 0
  let trimNext = false
  while (i <= src.length) {
    const open = src.indexOf(LEFT, i)
    let text = open < 0 ? src.slice(i) : src.slice(i, open)
    if (trimNext) text = text.replace(/^[ \t\r\n]+/, '')
    trimNext = false
    if (open < 0) {
      if (text) out.push(text)
      break
    }
    let start = open + LEFT.length
    if (src[start] === '-' && SPACE.test(src[start + 1] ?? '')) {
      text = text.replace(/[ \t\r\n]+$/, '')
      start += 1
    }
    if (text) out.push(text)
    const close = findClose(src, start)
    if (close < 0) throw new TemplateError(`unclosed action at offset ${open}`)
    let end = close
    if (src[close - 1] === '-' && SPACE.test(src[close - 2] ?? '')) {
      trimNext = true
      end = close - 1
    }
    out.push({text: src.slice(start, end), at: open})
    i = close + RIGHT.length
  }
  return out
}

/** Position of the closing delimiter, skipping quoted strings inside the action. */
function findClose(src: string, from: number): number {
  let i = from
  while (i < src.length) {
    const c = src[i]
    if (c === '"' || c === '`') {
      const q = c
      i++
      while (i < src.length && src[i] !== q) {
        if (q === '"' && src[i] === '\\') i++
        if (src[i] === '\n' && q === '"') return -1
        i++
      }
      i++
      continue
    }
    if (src.startsWith(RIGHT, i)) return i
    i++
  }
  return -1
}

/** `glued`: the token follows the previous one without space (a field chain such as `inputs.a.b`). */
type Tok = {k: 'str' | 'num' | 'ident' | 'var' | 'field' | 'punct'; v: string; raw?: unknown; glued?: boolean}

function lex(action: string): Tok[] {
  const toks: Tok[] = []
  let i = 0
  const s = action
  while (i < s.length) {
    const c = s[i]!
    if (SPACE.test(c)) {
      i++
      continue
    }
    if (s.startsWith(':=', i)) {
      toks.push({k: 'punct', v: ':='})
      i += 2
      continue
    }
    if ('|(),='.includes(c)) {
      toks.push({k: 'punct', v: c})
      i++
      continue
    }
    if (c === '"') {
      let j = i + 1
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1
      const lit = s.slice(i, j + 1)
      let v: string
      try {
        v = JSON.parse(lit.replace(/\\x([0-9a-fA-F]{2})/g, '\\u00$1').replace(/\\'/g, "'")) as string
      } catch {
        throw new TemplateUnsupported(`string literal ${lit}`)
      }
      toks.push({k: 'str', v: lit, raw: v})
      i = j + 1
      continue
    }
    if (c === '`') {
      const j = s.indexOf('`', i + 1)
      if (j < 0) throw new TemplateError('unterminated raw string')
      toks.push({k: 'str', v: s.slice(i, j + 1), raw: s.slice(i + 1, j)})
      i = j + 1
      continue
    }
    if (c === "'") throw new TemplateUnsupported('character constants')
    const num = /^[+-]?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*)?\.?\d[\d_]*(?:[eE][+-]?\d+)?)(?![\w.])/.exec(s.slice(i))
    if (num && (/\d/.test(c) || ((c === '-' || c === '+' || c === '.') && /\d/.test(s[i + 1] ?? '')))) {
      const text = num[0].replaceAll('_', '')
      const isInt = /^[+-]?(0[xXbBoO].*|\d+)$/.test(text)
      toks.push({k: 'num', v: num[0], raw: isInt ? BigInt(text) : Number(text)})
      i += num[0].length
      continue
    }
    const word = /^(\$[A-Za-z0-9_]*|\.?[A-Za-z_][A-Za-z0-9_]*|\.)/.exec(s.slice(i))
    if (word) {
      const w = word[0]
      const prev = toks.at(-1)
      const glued = i > 0 && !SPACE.test(s[i - 1]!) && !!prev && (['ident', 'var', 'field'].includes(prev.k) || prev.v === ')')
      if (w.startsWith('$')) toks.push({k: 'var', v: w})
      else if (w.startsWith('.')) toks.push({k: 'field', v: w, glued})
      else toks.push({k: 'ident', v: w})
      i += w.length
      continue
    }
    throw new TemplateError(`unexpected ${JSON.stringify(c)} in action`)
  }
  return toks
}

class ActionParser {
  private i = 0
  constructor(private readonly toks: Tok[]) {}

  peek(): Tok | undefined {
    return this.toks[this.i]
  }

  done(): boolean {
    return this.i >= this.toks.length
  }

  pipeline(allowDecl: boolean, rangeDecl = false): Pipe {
    let decl: Pipe['decl']
    if (allowDecl) {
      const save = this.i
      const names: string[] = []
      while (this.peek()?.k === 'var') {
        names.push(this.toks[this.i++]!.v)
        if (this.peek()?.v === ',' && rangeDecl && names.length === 1) {
          this.i++
          continue
        }
        break
      }
      const op = this.peek()
      if (names.length && op?.k === 'punct' && (op.v === ':=' || op.v === '=')) {
        this.i++
        decl = {names, assign: op.v === '='}
      } else this.i = save
    }
    const cmds: Cmd[] = []
    for (;;) {
      const cmd: Cmd = []
      while (!this.done() && !(this.peek()?.k === 'punct' && ['|', ')'].includes(this.peek()!.v))) cmd.push(this.operand())
      if (!cmd.length) throw new TemplateError('missing command in pipeline')
      cmds.push(cmd)
      if (this.peek()?.v === '|' && this.peek()?.k === 'punct') {
        this.i++
        continue
      }
      break
    }
    return {...(decl ? {decl} : {}), cmds}
  }

  private chain(): string[] {
    const chain: string[] = []
    // A field directly attached to the previous token (no space) continues the chain.
    while (this.peek()?.k === 'field' && this.peek()!.glued && this.peek()!.v !== '.') {
      chain.push(this.toks[this.i++]!.v.slice(1))
    }
    return chain
  }

  private operand(): Arg {
    const t = this.toks[this.i++]!
    switch (t.k) {
      case 'str':
      case 'num':
        return {t: 'lit', v: t.raw}
      case 'var':
        return {t: 'var', name: t.v, chain: this.chain()}
      case 'field':
        return {t: 'dot', chain: t.v === '.' ? [] : [t.v.slice(1), ...this.chain()]}
      case 'ident':
        if (t.v === 'true' || t.v === 'false') return {t: 'lit', v: t.v === 'true'}
        if (t.v === 'nil') return {t: 'lit', v: null}
        return {t: 'ident', name: t.v, chain: this.chain()}
      case 'punct':
        if (t.v === '(') {
          const pipe = this.pipeline(true)
          if (this.toks[this.i++]?.v !== ')') throw new TemplateError('unclosed left paren')
          return {t: 'paren', pipe, chain: this.chain()}
        }
    }
    throw new TemplateError(`unexpected ${t.v} in operand`)
  }
}

export interface Template {
  root: Node[]
}

export function parseTemplate(src: string): Template {
  const pieces = scan(src)
  let idx = 0
  const parseList = (stopAt: string[]): {list: Node[]; stop?: {word: string; rest: Tok[]}} => {
    const list: Node[] = []
    while (idx < pieces.length) {
      const p = pieces[idx++]!
      if (typeof p === 'string') {
        list.push({t: 'text', text: p})
        continue
      }
      const trimmed = p.text.trim()
      if (trimmed.startsWith('/*')) {
        if (!trimmed.endsWith('*/')) throw new TemplateError('unclosed comment')
        continue
      }
      const toks = lex(p.text)
      if (!toks.length) throw new TemplateError(`missing value for command at offset ${p.at}`)
      const first = toks[0]!
      const word = first.k === 'ident' ? first.v : ''
      if (['end', 'else'].includes(word)) {
        if (!stopAt.includes(word)) throw new TemplateError(`unexpected {{${word}}} at offset ${p.at}`)
        return {list, stop: {word, rest: toks.slice(1)}}
      }
      if (['define', 'template', 'block'].includes(word)) throw new TemplateUnsupported(`the ${word} action`)
      if (word === 'break' || word === 'continue') {
        list.push({t: word})
        continue
      }
      if (word === 'if' || word === 'with' || word === 'range') list.push(control(word, toks.slice(1)))
      else list.push({t: 'action', pipe: parsePipe(toks, true)})
    }
    if (stopAt.length) throw new TemplateError('unexpected EOF: missing {{end}}')
    return {list}
  }
  const parsePipe = (toks: Tok[], decl: boolean, rangeDecl = false): Pipe => {
    const p = new ActionParser(toks)
    const pipe = p.pipeline(decl, rangeDecl)
    if (!p.done()) throw new TemplateError(`unexpected ${p.peek()!.v} in pipeline`)
    return pipe
  }
  const control = (word: 'if' | 'with' | 'range', toks: Tok[]): Node => {
    const pipe = parsePipe(toks, true, word === 'range')
    const body = parseList(['end', 'else'])
    let elseList: Node[] | undefined
    if (body.stop?.word === 'else') {
      const rest = body.stop.rest
      if (rest.length && rest[0]!.k === 'ident' && (rest[0]!.v === 'if' || rest[0]!.v === 'with') && word !== 'range') {
        // `else if` / `else with`: a nested control that shares our {{end}}.
        elseList = [control(rest[0]!.v as 'if' | 'with', rest.slice(1))]
      } else {
        if (rest.length) throw new TemplateError('unexpected tokens after else')
        const tail = parseList(['end'])
        elseList = tail.list
      }
    }
    return {t: word, pipe, list: body.list, ...(elseList ? {elseList} : {})} as Node
  }
  return {root: parseList([]).list}
}

class LoopSignal {
  constructor(readonly kind: 'break' | 'continue') {}
}

interface Scope {
  vars: Map<string, unknown>
  parent?: Scope
}

export interface RenderResult {
  text: string
  /** Reasons of the unknown values that reached the output (a placeholder stands for each). */
  unknown: string[]
}

export const UNKNOWN_PLACEHOLDER = 'unknown-value'

/** Executes the template with the given `inputs` value (the template's only data). */
export function renderTemplate(tpl: Template, inputs: unknown): RenderResult {
  const unknown = new Set<string>()
  const funcs: Record<string, (...a: unknown[]) => unknown> = {...FUNCS, inputs: () => inputs}
  let out = ''
  const lookup = (scope: Scope, name: string): unknown => {
    for (let s: Scope | undefined = scope; s; s = s.parent) if (s.vars.has(name)) return s.vars.get(name)
    throw new TemplateError(`undefined variable: ${name}`)
  }
  const setVar = (scope: Scope, name: string, v: unknown): void => {
    for (let s: Scope | undefined = scope; s; s = s.parent) {
      if (s.vars.has(name)) {
        s.vars.set(name, v)
        return
      }
    }
    throw new TemplateError(`undefined variable: ${name}`)
  }
  const field = (v: unknown, name: string): unknown => {
    if (isUnknown(v)) return v
    if (v instanceof Map) throw new TemplateUnsupported('map values')
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      if (Object.hasOwn(v, name)) return (v as Record<string, unknown>)[name]
      throw new TemplateError(`map has no entry for key "${name}"`)
    }
    if (v === null || v === undefined) throw new TemplateError(`nil pointer evaluating interface {}.${name}`)
    throw new TemplateError(`can't evaluate field ${name} in type ${typeof v}`)
  }
  const chainOf = (v: unknown, chain: string[]): unknown => chain.reduce(field, v)

  const evalArg = (a: Arg, scope: Scope, dot: unknown): unknown => {
    switch (a.t) {
      case 'lit':
        return a.v
      case 'dot':
        return chainOf(dot, a.chain)
      case 'var':
        return chainOf(lookup(scope, a.name), a.chain)
      case 'paren':
        return chainOf(evalPipe(a.pipe, scope, dot), a.chain)
      case 'ident': {
        const fn = funcs[a.name]
        if (!fn) throw new TemplateError(`function "${a.name}" not defined`)
        if (!a.chain.length) return call(a.name, [])
        return chainOf(fn(), a.chain)
      }
    }
  }
  const call = (name: string, args: unknown[]): unknown => {
    const fn = funcs[name]
    if (!fn) throw new TemplateError(`function "${name}" not defined`)
    try {
      return fn(...args)
    } catch (e) {
      if (e instanceof FuncError) throw new TemplateError(`error calling ${name}: ${e.message}`)
      throw e
    }
  }
  const evalCmd = (cmd: Cmd, scope: Scope, dot: unknown, final: unknown, hasFinal: boolean): unknown => {
    const head = cmd[0]!
    if (head.t === 'ident' && !head.chain.length) {
      if (head.name === 'and' || head.name === 'or') {
        const args = cmd.slice(1)
        const values: (() => unknown)[] = args.map((x) => () => evalArg(x, scope, dot))
        if (hasFinal) values.push(() => final)
        if (!values.length) throw new TemplateError(`wrong number of args for ${head.name}`)
        let v: unknown
        for (const get of values) {
          v = get()
          if (isUnknown(v)) return v
          if (head.name === 'and' ? !truthy(v) : truthy(v)) return v
        }
        return v
      }
      const args = cmd.slice(1).map((x) => evalArg(x, scope, dot))
      if (hasFinal) args.push(final)
      return call(head.name, args)
    }
    if (cmd.length > 1 || hasFinal) throw new TemplateError(`can't give argument to non-function ${describe(head)}`)
    return evalArg(head, scope, dot)
  }
  const evalPipe = (pipe: Pipe, scope: Scope, dot: unknown): unknown => {
    let v: unknown
    pipe.cmds.forEach((cmd, i) => {
      v = evalCmd(cmd, scope, dot, v, i > 0)
    })
    if (pipe.decl) {
      for (const name of pipe.decl.names) {
        if (pipe.decl.assign) setVar(scope, name, v)
        else scope.vars.set(name, v)
      }
    }
    return v
  }
  const emit = (v: unknown): void => {
    if (isUnknown(v)) {
      unknown.add(v.reason)
      out += UNKNOWN_PLACEHOLDER
      return
    }
    out += printValue(v)
  }
  const cond = (v: unknown, what: string): boolean => {
    if (isUnknown(v)) throw new TemplateUnsupported(`${what} depends on a value not known offline (${v.reason})`)
    return truthy(v)
  }
  const execList = (list: Node[], scope: Scope, dot: unknown): void => {
    for (const n of list) {
      switch (n.t) {
        case 'text':
          out += n.text
          break
        case 'action': {
          const v = evalPipe(n.pipe, scope, dot)
          if (!n.pipe.decl) emit(v)
          break
        }
        case 'if':
        case 'with': {
          const inner: Scope = {vars: new Map(), parent: scope}
          const v = evalPipe(n.pipe, inner, dot)
          if (cond(v, n.t)) execList(n.list, inner, n.t === 'with' ? v : dot)
          else if (n.elseList) execList(n.elseList, inner, dot)
          break
        }
        case 'range':
          execRange(n, scope, dot)
          break
        case 'break':
        case 'continue':
          throw new LoopSignal(n.t)
      }
    }
  }
  const execRange = (n: Extract<Node, {t: 'range'}>, scope: Scope, dot: unknown): void => {
    const inner: Scope = {vars: new Map(), parent: scope}
    const decl = n.pipe.decl
    const v = evalPipe({cmds: n.pipe.cmds}, inner, dot)
    if (isUnknown(v)) throw new TemplateUnsupported(`range over a value not known offline (${v.reason})`)
    let items: [unknown, unknown][]
    if (Array.isArray(v)) items = v.map((x, i) => [BigInt(i), x])
    else if (v && typeof v === 'object') items = Object.keys(v).sort().map((k) => [k, (v as Record<string, unknown>)[k]])
    else if (typeof v === 'bigint') items = Array.from({length: Number(v)}, (_, i) => [BigInt(i), BigInt(i)])
    else if (v === null || v === undefined) items = []
    else throw new TemplateError(`range can't iterate over ${printValue(v)}`)
    if (!items.length) {
      if (n.elseList) execList(n.elseList, inner, dot)
      return
    }
    for (const [k, x] of items) {
      const body: Scope = {vars: new Map(), parent: inner}
      if (decl?.names.length === 1) body.vars.set(decl.names[0]!, x)
      else if (decl?.names.length === 2) {
        body.vars.set(decl.names[0]!, k)
        body.vars.set(decl.names[1]!, x)
      }
      try {
        execList(n.list, body, x)
      } catch (e) {
        if (e instanceof LoopSignal) {
          if (e.kind === 'break') break
          continue
        }
        throw e
      }
    }
  }
  try {
    execList(tpl.root, {vars: new Map([['$', null]])}, null)
  } catch (e) {
    if (e instanceof LoopSignal) throw new TemplateError(`{{${e.kind}}} outside {{range}}`)
    throw e
  }
  return {text: out, unknown: [...unknown]}
}

function describe(a: Arg): string {
  switch (a.t) {
    case 'lit':
      return printValue(a.v)
    case 'var':
      return [a.name, ...a.chain].join('.')
    case 'dot':
      return `.${a.chain.join('.')}`
    case 'ident':
      return [a.name, ...a.chain].join('.')
    case 'paren':
      return '(…)'
  }
}

export {Unknown}
