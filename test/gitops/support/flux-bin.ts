// Finds the flux CLI that scripts/testenv-flux.sh builds; tests that need it skip with the reason when it is absent.
import {existsSync, readFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'

const repoRoot = new URL('../../../', import.meta.url).pathname

export function fluxVersion(): string {
  const mod = readFileSync(join(repoRoot, 'testenv/flux/go.mod'), 'utf8')
  const m = /github\.com\/fluxcd\/flux2\/v2 (v\S+)/.exec(mod)
  if (!m) throw new Error('testenv/flux/go.mod does not pin github.com/fluxcd/flux2/v2')
  return m[1]!
}

/** Path of the flux binary, or undefined when `npm run testenv` has not built it. */
export function fluxBinary(): string | undefined {
  const root = process.env.KUBECTL_MESH_TESTENV ?? join(homedir(), '.cache/kubectl-mesh/testenv')
  const bin = join(root, `flux-${fluxVersion()}`, 'flux')
  return existsSync(bin) ? bin : undefined
}

export const FLUX_MISSING = 'flux CLI not built: run `npm run testenv` (scripts/testenv-flux.sh)'
