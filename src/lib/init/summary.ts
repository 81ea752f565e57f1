// The text a person reads after the plan: what was written, what to review, and what the repository
// cannot do itself (secret store, DNS, Flux bootstrap, the checks to run once the cluster is up).
import type {Plan} from './types.js'

const indent = (text: string, n: number) => text.split('\n').map((l) => `${' '.repeat(n)}${l}`).join('\n')

export function planHeader(plan: Plan): string {
  const created = plan.changes.filter((c) => c.before === undefined).length
  const edited = plan.changes.length - created
  return `Cluster ${plan.answers.name} (id ${plan.answers.id}) in the shape of ${plan.template}: ${created} new file${created === 1 ? '' : 's'}, ${edited} edited.`
}

export function reviewText(plan: Plan): string {
  if (plan.review.length === 0) return ''
  return `Review: these settings differ between the existing clusters and were copied from ${plan.template} as they are:\n  ${plan.review.join(', ')}\n`
}

export function followUpText(plan: Plan): string {
  const f = plan.followUps
  const steps: string[] = []
  for (const s of f.secrets) {
    const keys = s.keys.map((k) => `${k.name}:\n${indent(k.config, 2)}`).join('\n')
    steps.push(`In the secret store, ${s.path} (${s.note}):\n${indent(keys, 2)}`)
  }
  if (f.dns) steps.push(`A DNS record: ${f.dns.name} → ${f.dns.address}`)
  if (f.bootstrap) steps.push(`Bootstrap Flux on the new cluster:\n  ${f.bootstrap}`)
  for (const m of f.manual) steps.push(m)
  steps.push(`Once it is up, check the mesh:\n${f.commands.map((c) => `  ${c}`).join('\n')}`)
  return `What the repository cannot do itself:\n${steps.map((s, i) => indent(`${i + 1}. ${s}`, 2)).join('\n')}\n`
}
