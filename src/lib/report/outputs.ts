// -o text -o json=report.json: several formats at once, at most one on stdout.
import {mkdirSync, renameSync, writeFileSync} from 'node:fs'
import {dirname, resolve} from 'node:path'
import type {RenderOptions} from './render/common.js'
import {renderJson} from './render/json.js'
import {renderJunit} from './render/junit.js'
import {renderSarif} from './render/sarif.js'
import {renderShort} from './render/short.js'
import {renderText} from './render/text.js'
import type {Style} from './style.js'
import type {Report} from './types.js'

export const FORMATS = ['text', 'short', 'json', 'sarif', 'junit'] as const
export type Format = (typeof FORMATS)[number]

export interface OutputSpec {
  format: Format
  /** undefined: stdout */
  path?: string
}

export class OutputSpecError extends Error {}

export function parseOutputs(values: readonly string[] | undefined): OutputSpec[] {
  const specs = (values?.length ? values : ['text']).flatMap((v) => v.split(',')).map((raw) => {
    const [format, ...rest] = raw.split('=')
    const path = rest.join('=')
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new OutputSpecError(`unknown output format "${format}" (one of ${FORMATS.join(', ')}, optionally format=path)`)
    }
    if (rest.length && !path) throw new OutputSpecError(`output "${raw}": the path after "=" is empty`)
    return {format: format as Format, ...(path ? {path} : {})}
  })
  if (specs.filter((s) => !s.path).length > 1) throw new OutputSpecError('only one output format can go to stdout; give the others a path (json=report.json)')
  return specs
}

/** json, sarif and junit keep every occurrence of every finding; text and short group repeats (group.ts). */
export function render(report: Report, format: Format, style: Style, options: RenderOptions = {}): string {
  switch (format) {
    case 'text':
      return renderText(report, style, options)
    case 'short':
      return renderShort(report, options)
    case 'json':
      return renderJson(report)
    case 'sarif':
      return renderSarif(report)
    case 'junit':
      return renderJunit(report)
  }
}

/** Writes file outputs atomically (temp + rename) and returns what goes to stdout. */
export function emit(report: Report, specs: OutputSpec[], style: Style, cwd = process.cwd(), options: RenderOptions = {}): string {
  let stdout = ''
  for (const spec of specs) {
    if (!spec.path) {
      stdout = render(report, spec.format, style, options)
      continue
    }
    const target = resolve(cwd, spec.path)
    mkdirSync(dirname(target), {recursive: true})
    const tmp = `${target}.${process.pid}.tmp`
    writeFileSync(tmp, render(report, spec.format, {color: false, unicode: style.unicode}, options))
    renameSync(tmp, target)
  }
  return stdout
}
