// Evaluation of fluxcd/pkg/envsubst (template.go / eval.go): `${...}` expressions against a variable mapping.
import {isDefaultOp, lookupFunc} from './funcs.js'
import {EnvsubstError, type FuncNode, type Node, parse} from './parse.js'

/** Returns [value, exists]; Flux's non-strict mapping reports every name as existing (empty when unset). */
export type Mapping = (name: string) => [string, boolean]

export interface Reference {
  name: string
  /** The operator after the name ('' for a bare `${VAR}`, ':=' for `${VAR:=x}`, …). */
  op: string
  /** Offset of `${` in the input. */
  offset: number
  /** True when the expression supplies its own value for an unset variable. */
  hasDefault: boolean
}

/** Substitutes `${...}` in `text`; throws EnvsubstError with Flux's message when Flux would fail. */
export function evaluate(text: string, mapping: Mapping, onRef?: (ref: Reference) => void): string {
  return evalNode(parse(text), mapping, onRef)
}

function evalNode(node: Node, mapping: Mapping, onRef?: (ref: Reference) => void): string {
  switch (node.type) {
    case 'text':
      return node.value
    case 'list':
      return node.nodes.map((n) => evalNode(n, mapping, onRef)).join('')
    case 'func':
      return evalFunc(node, mapping, onRef)
  }
}

function evalFunc(node: FuncNode, mapping: Mapping, onRef?: (ref: Reference) => void): string {
  const args = node.args.map((a) => evalNode(a, mapping, onRef))
  onRef?.({name: node.param, op: node.name, offset: node.offset, hasDefault: isDefaultOp(node.name)})
  const [value, exists] = mapping(node.param)
  if (!exists && !isDefaultOp(node.name)) throw new EnvsubstError(`variable not set (strict mode): ${JSON.stringify(node.param)}`, node.offset)
  return lookupFunc(node.name, args.length)(value, ...args)
}

/** Lists the references in `text` without evaluating; undefined when Flux could not parse it. */
export function references(text: string): Reference[] | undefined {
  const out: Reference[] = []
  try {
    evaluate(text, () => ['', true], (r) => out.push(r))
  } catch {
    return undefined
  }
  return out
}
