// lint: repository -> rendered clusters -> mesh model -> checks. (Filled in by issue 3.)
import type {Selection} from '../checks/registry.js'
import type {Gathered} from '../cli/report-command.js'
import type {Progress} from '../cli/progress.js'

export interface LintOptions {
  selection: Selection
  clusters?: string[]
  progress?: Progress
  signal?: AbortSignal
}

export async function lintRepository(dir: string, _options: LintOptions): Promise<Gathered> {
  return {findings: [], results: [], root: dir}
}
