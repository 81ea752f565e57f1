// CM101: a ${VAR} without a default that Flux substitutes while no substitute/substituteFrom source defines it
// renders empty (null in YAML). Substitutions Flux cannot perform at all (bad syntax, an invalid variable
// name in a source, a value that breaks the YAML) fail the whole Kustomization and are reported here too.
import {at, type GitopsCheck, ksKey, ksResource, perCluster} from './support.js'

export const CM101: GitopsCheck = {
  id: 'CM101',
  run(model, ctx) {
    perCluster(model, ctx, (c) => {
      const seen = new Set<string>()
      for (const k of c.kustomizations) {
        for (const e of k.substitutionErrors ?? []) {
          ctx.report({cluster: c.name, message: `Flux cannot apply Kustomization ${ksKey(k)}: ${e.message}`, ...at(e.pos), resource: ksResource(k),
            hint: 'fix the ${...} expression (Flux supports ${VAR}, ${VAR:=default}, ${VAR:-default}; write $${VAR} for a literal ${VAR})'})
        }
        if (!k.substituted) continue
        for (const r of k.references ?? []) {
          if (r.defined || r.hasDefault) continue
          const key = `${r.name}@${r.pos.file}:${r.pos.line}:${r.pos.column}`
          if (seen.has(key)) continue
          seen.add(key)
          const sources = (k.substituteFrom ?? []).map((s) => `${s.kind} ${s.name}`).join(', ') || 'the inline substitute map'
          ctx.report({
            cluster: c.name,
            message: `\${${r.name}} in ${r.resource.kind} ${r.resource.name} is not defined for Kustomization ${ksKey(k)} (variables come from ${sources}); Flux renders it empty`,
            ...at(r.pos),
            resource: r.resource,
            // One mistake per (Kustomization, variable): define it once (or escape it) and every place is fixed.
            group: `${ksKey(k)} \${${r.name}}`,
            groupMessage: `\${${r.name}} is not defined for Kustomization ${ksKey(k)} (variables come from ${sources}); Flux renders it empty`,
          })
        }
      }
    })
  },
}
