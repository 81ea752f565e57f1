// Colour and symbols for people; decided once from the environment, passed to renderers as data.
import {Chalk, type ChalkInstance} from 'chalk'

export interface Style {
  color: boolean
  unicode: boolean
}

export interface StyleEnv {
  env: NodeJS.ProcessEnv
  isTTY: boolean
  noColorFlag?: boolean
}

export function detectStyle({env, isTTY, noColorFlag}: StyleEnv): Style {
  const dumb = env.TERM === 'dumb'
  const color = isTTY && !dumb && !noColorFlag && env.NO_COLOR === undefined
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || ''
  // A terminal that is not UTF-8 (or TERM=dumb) gets the ASCII words instead of ✓ ⚠ ✗ ○.
  const unicode = !dumb && (locale === '' ? true : /utf-?8/i.test(locale))
  return {color, unicode}
}

export const PLAIN: Style = {color: false, unicode: false}

export interface Painter {
  c: ChalkInstance
  ok: string
  warn: string
  fail: string
  skip: string
  info: string
}

export function painter(style: Style): Painter {
  const c = new Chalk({level: style.color ? 1 : 0})
  const sym = style.unicode
    ? {ok: '✓', warn: '⚠', fail: '✗', skip: '○', info: 'ℹ'}
    : {ok: 'ok', warn: 'warn', fail: 'FAIL', skip: 'skip', info: 'info'}
  return {
    c,
    ok: c.green(sym.ok),
    warn: c.yellow(sym.warn),
    fail: c.red(sym.fail),
    skip: c.dim(sym.skip),
    info: c.cyan(sym.info),
  }
}
