// One file of the template cluster copied for the new cluster: plain text has the cluster's name replaced, SOPS files
// are copied as they are (only their owner can re-encrypt them), YAML is rewritten by role (copy-yaml).
import {type CopyContext, copyYaml} from './copy-yaml.js'
import {renameTokens} from './tokens.js'
import type {Workspace} from './workspace.js'

const isYaml = (f: string) => /\.ya?ml$/.test(f)
const isSops = (text: string) => /^sops:\s*$/m.test(text) && /^\s+mac:/m.test(text)

export interface CopyOutcome {
  /** Files copied while SOPS-encrypted: to be re-encrypted by hand. */
  sopsCopies: string[]
  /** What a person should look at in the copies. */
  review: string[]
}

export function copyTemplateFile(ws: Workspace, pair: {file: string; to: string}, ctx: CopyContext, out: CopyOutcome): void {
  const text = ws.disk(pair.file)
  if (text === undefined) return
  const why = `copy of ${pair.file}`
  if (!isYaml(pair.file)) ws.write(pair.to, renameTokens(text, ctx.template.name, ctx.answers.name), why)
  else if (isSops(text)) {
    ws.write(pair.to, text, `${why} (SOPS-encrypted: copied as it is)`)
    out.sopsCopies.push(pair.to)
  } else {
    const copied = copyYaml(pair.file, pair.to, text, ctx)
    out.review.push(...copied.review)
    ws.write(pair.to, copied.text, why)
  }
}
