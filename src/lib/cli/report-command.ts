// The shape every checking command shares: flags -> gather -> checks -> report -> exit code.
// Commands implement gather(); this class owns selection, outputs, time-outs, Ctrl-C and exit codes.
import {Command, Interfaces} from '@oclif/core'
import {raceSignal} from '../abort.js'
import {expandSelectors, SelectorError, type Selection} from '../checks/registry.js'
import {buildReport, EXIT, exitCode, type BuildInput} from '../report/build.js'
import {emit, OutputSpecError, parseOutputs} from '../report/outputs.js'
import {internalErrorLines} from '../report/render/common.js'
import {detectStyle} from '../report/style.js'
import type {Report} from '../report/types.js'
import {parseDuration} from './duration.js'
import {ExitWith, UsageError} from './errors.js'
import {Progress} from './progress.js'
import {reportFlags} from './report-flags.js'

export type Gathered = Omit<BuildInput, 'command' | 'version'>

export interface RunContext {
  selection: Selection
  signal: AbortSignal
  progress: Progress
}

export type Flags<T extends typeof Command> = Interfaces.InferredFlags<(typeof ReportCommand)['baseFlags'] & T['flags']>
export type Args<T extends typeof Command> = Interfaces.InferredArgs<T['args']>

// oclif's documented base-command pattern: parse once in init(), typed by the concrete class.
export abstract class ReportCommand<T extends typeof Command> extends Command {
  static baseFlags = reportFlags
  protected flags!: Flags<T>
  protected args!: Args<T>

  public async init(): Promise<void> {
    await super.init()
    const {args, flags} = await this.parse({
      flags: this.ctor.flags,
      baseFlags: (this.ctor as typeof ReportCommand).baseFlags,
      args: this.ctor.args,
      strict: this.ctor.strict,
    })
    this.flags = flags as Flags<T>
    this.args = args as Args<T>
  }

  protected abstract gather(ctx: RunContext): Promise<Gathered>

  async run(): Promise<Report> {
    const flags = this.flags
    let selection: Selection
    let outputs
    try {
      selection = {
        ...(flags.only?.length ? {only: expandSelectors(flags.only)} : {}),
        ...(flags.skip?.length ? {skip: expandSelectors(flags.skip)} : {}),
      }
      outputs = parseOutputs(flags.output)
    } catch (error) {
      if (error instanceof SelectorError || error instanceof OutputSpecError) throw new UsageError(error.message)
      throw error
    }
    const timeoutMs = flags.timeout ? parseDuration(flags.timeout, 'timeout') : undefined
    const controller = new AbortController()
    const progress = new Progress(process.stderr)
    const onSigint = () => controller.abort(new ExitWith(EXIT.interrupted, 'interrupted'))
    process.once('SIGINT', onSigint)
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => controller.abort(new ExitWith(EXIT.timeout, `timed out after ${flags.timeout} (--timeout)`)), timeoutMs)
    let gathered: Gathered
    try {
      gathered = await raceSignal(this.gather({selection, signal: controller.signal, progress}), controller.signal)
    } finally {
      progress.stop()
      if (timer) clearTimeout(timer)
      process.removeListener('SIGINT', onSigint)
    }
    const report = buildReport(
      {...gathered, command: this.id ?? 'check', version: this.config.version},
      {failOn: flags['fail-on'], minSeverity: flags['min-severity']},
    )
    const style = detectStyle({env: process.env, isTTY: Boolean(process.stdout.isTTY), noColorFlag: flags['no-color']})
    const stdout = emit(report, outputs, style, process.cwd(), {verbose: flags.verbose})
    if (stdout) process.stdout.write(stdout)
    // A check threw: text and short say so on stdout; otherwise (json, sarif, junit, files only) one line each on
    // stderr, so a person at the terminal sees it too.
    const internal = internalErrorLines(report)
    if (internal.hint && !outputs.some((o) => !o.path && (o.format === 'text' || o.format === 'short'))) {
      process.stderr.write([...internal.errors, internal.hint].map((l) => `Error: ${l}\n`).join(''))
    }
    const code = exitCode(report, flags['exit-zero'])
    if (code !== EXIT.ok) throw new ExitWith(code)
    return report
  }
}
