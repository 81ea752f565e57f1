// Cobra's `__complete` answer format, which kubectl reads from kubectl_complete-<plugin>: one candidate
// per line ("value<TAB>description"), then ":<directive>" on the last line.

/** Bit flags of cobra.ShellCompDirective. */
export const Directive = {
  default: 0,
  error: 1,
  noSpace: 2,
  noFileComp: 4,
  filterFileExt: 8,
  filterDirs: 16,
  keepOrder: 32,
} as const

export interface Candidate {
  value: string
  description?: string
}

export interface Completion {
  candidates: Candidate[]
  directive: number
}

export const nothing: Completion = {candidates: [], directive: Directive.noFileComp}
/** No candidates: let the shell offer file names. */
export const files: Completion = {candidates: [], directive: Directive.default}
export const directories: Completion = {candidates: [], directive: Directive.filterDirs}

const oneLine = (text: string) => text.replace(/[\t\r\n]+/g, ' ').trim()

export function formatCompletion(completion: Completion): string {
  const lines = completion.candidates.map((c) => (c.description ? `${c.value}\t${oneLine(c.description)}` : c.value))
  return `${[...lines, `:${completion.directive}`].join('\n')}\n`
}

/** Candidates that extend what was typed; the shells expect the program to filter. */
export function matching(candidates: Candidate[], partial: string, directive: number = Directive.noFileComp): Completion {
  return {candidates: candidates.filter((c) => c.value.startsWith(partial)), directive}
}
