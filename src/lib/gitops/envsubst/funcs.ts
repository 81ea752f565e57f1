// The string functions of fluxcd/pkg/envsubst (funcs.go). Go strings are bytes: lengths and offsets
// below are UTF-8 byte counts, as in Flux.
import {globMatch} from './glob.js'

type Fn = (s: string, ...args: string[]) => string

const bytes = (s: string) => Buffer.from(s, 'utf8')
const sliceBytes = (s: string, start: number, end?: number) => bytes(s).subarray(start, end).toString('utf8')
const atoi = (s: string): number | undefined => (/^[+-]?\d+$/.test(s) ? Number.parseInt(s, 10) : undefined)

const toLen: Fn = (s) => String(bytes(s).length)
const toLower: Fn = (s) => s.toLowerCase()
const toUpper: Fn = (s) => s.toUpperCase()
const toLowerFirst: Fn = (s) => (s === '' ? s : [...s][0]!.toLowerCase() + s.slice([...s][0]!.length))
const toUpperFirst: Fn = (s) => (s === '' ? s : [...s][0]!.toUpperCase() + s.slice([...s][0]!.length))
const toDefault: Fn = (s, ...args) => (s.length === 0 && args.length > 0 ? args.join('') : s)

const toSubstr: Fn = (s, ...args) => {
  if (args.length === 0) return s
  const len = bytes(s).length
  let pos = atoi(args[0]!)
  if (pos === undefined) return s
  if (pos < 0) pos = Math.max(0, len + pos)
  if (args.length === 1) return pos < len ? sliceBytes(s, pos) : ''
  const length = atoi(args[1]!)
  if (length === undefined) return s
  if (length < 0) {
    const end = len + length
    return end < pos ? '' : sliceBytes(s, pos, end)
  }
  if (pos + length >= len) return pos < len ? sliceBytes(s, pos) : ''
  return sliceBytes(s, pos, pos + length)
}

const replaceAll: Fn = (s, ...a) => (a.length === 0 ? s : s.split(a[0]!).join(a[1] ?? ''))
const replaceFirst: Fn = (s, ...a) => {
  if (a.length === 0) return s
  const i = s.indexOf(a[0]!)
  return i < 0 ? s : s.slice(0, i) + (a[1] ?? '') + s.slice(i + a[0]!.length)
}
const replacePrefix: Fn = (s, ...a) => (a.length === 2 && s.startsWith(a[0]!) ? replaceFirst(s, a[0]!, a[1]!) : s)
const replaceSuffix: Fn = (s, ...a) => (a.length === 2 && s.endsWith(a[0]!) ? s.slice(0, s.length - a[0]!.length) + a[1] : s)

const reverse = (s: string) => [...s].reverse().join('')

function trimShortest(s: string, pattern: string): string {
  let shortest = ''
  const b = bytes(s)
  for (let i = 0; i < b.length; i++) {
    const candidate = b.subarray(0, b.length - i).toString('utf8')
    const m = globMatch(pattern, candidate)
    if (m === 'error') return s
    if (m) shortest = candidate
  }
  return shortest !== '' && s.startsWith(shortest) ? s.slice(shortest.length) : s
}

function trimLongest(s: string, pattern: string): string {
  const b = bytes(s)
  for (let i = 0; i < b.length; i++) {
    const candidate = b.subarray(0, b.length - i).toString('utf8')
    const m = globMatch(pattern, candidate)
    if (m === 'error') return s
    if (m) return s.startsWith(candidate) ? s.slice(candidate.length) : s
  }
  return s
}

const trimShortestPrefix: Fn = (s, ...a) => (a.length ? trimShortest(s, a[0]!) : s)
const trimShortestSuffix: Fn = (s, ...a) => (a.length ? reverse(trimShortest(reverse(s), reverse(a[0]!))) : s)
const trimLongestPrefix: Fn = (s, ...a) => (a.length ? trimLongest(s, a[0]!) : s)
const trimLongestSuffix: Fn = (s, ...a) => (a.length ? reverse(trimLongest(reverse(s), reverse(a[0]!))) : s)

/** Operators that supply a value for an unset variable (excluded from strict mode's "variable not set"). */
export function isDefaultOp(name: string): boolean {
  return ['-', '+', '=', '?', ':-', ':+', ':=', ':?'].includes(name)
}

export function lookupFunc(name: string, args: number): Fn {
  switch (name) {
    case ',':
      return toLowerFirst
    case ',,':
      return toLower
    case '^':
      return toUpperFirst
    case '^^':
      return toUpper
    case '#':
      return args === 0 ? toLen : trimShortestPrefix
    case '##':
      return trimLongestPrefix
    case '%':
      return trimShortestSuffix
    case '%%':
      return trimLongestSuffix
    case ':':
      return toSubstr
    case '/#':
      return replacePrefix
    case '/%':
      return replaceSuffix
    case '/':
      return replaceFirst
    case '//':
      return replaceAll
    default:
      return toDefault
  }
}
