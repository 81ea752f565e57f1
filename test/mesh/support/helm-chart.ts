// Finds the helm CLI and the Cilium charts that scripts/testenv-helm.sh provides, and renders a chart with
// `helm template`; tests that need them fail in CI and skip locally when they are absent (like the flux oracle).
import {execFileSync} from 'node:child_process'
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {homedir, tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseAllDocuments} from 'yaml'

const repoRoot = new URL('../../../', import.meta.url).pathname

export function helmVersion(): string {
  const mod = readFileSync(join(repoRoot, 'testenv/helm/go.mod'), 'utf8')
  const m = /helm\.sh\/helm\/v3 (v\S+)/.exec(mod)
  if (!m) throw new Error('testenv/helm/go.mod does not pin helm.sh/helm/v3')
  return m[1]!
}

/** The Cilium chart versions testenv/helm/cilium-charts.txt lists ("v1.18.4", …). */
export function ciliumChartVersions(): string[] {
  return readFileSync(join(repoRoot, 'testenv/helm/cilium-charts.txt'), 'utf8')
    .split('\n')
    .map((l) => l.replace(/#.*/, '').trim())
    .filter(Boolean)
}

const helmDir = () => join(process.env.KUBECTL_MESH_TESTENV ?? join(homedir(), '.cache/kubectl-mesh/testenv'), `helm-${helmVersion()}`)

/** Path of the helm binary, or undefined when `npm run testenv` has not built it. */
export function helmBinary(): string | undefined {
  const bin = join(helmDir(), 'helm')
  return existsSync(bin) ? bin : undefined
}

/** Directory of the Cilium chart of that version, or undefined when it has not been downloaded. */
export function ciliumChart(version: string): string | undefined {
  const dir = join(helmDir(), 'charts', `cilium-${version}`)
  return existsSync(join(dir, 'Chart.yaml')) ? dir : undefined
}

/** helm template assumes Kubernetes 1.20, which the charts refuse (kubeVersion >= 1.21): the testenv's kube-apiserver. */
const KUBE_VERSION = 'v1.34.4'

export const HELM_MISSING = 'helm CLI or Cilium charts not there: run `npm run testenv` (scripts/testenv-helm.sh)'

export interface RenderedObjectRef {
  kind: string
  name: string
  namespace?: string
  object: Record<string, unknown>
}

export type HelmResult = {ok: true; objects: RenderedObjectRef[]} | {ok: false; error: string}

/** `helm template cilium <chart> -n kube-system -f values.json`: the objects, or the error helm prints. */
export function helmTemplate(bin: string, chart: string, values: unknown): HelmResult {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-mesh-helm-'))
  try {
    const file = join(dir, 'values.json')
    writeFileSync(file, JSON.stringify(values))
    let out: string
    try {
      out = execFileSync(bin, ['template', 'cilium', chart, '--namespace', 'kube-system', '--kube-version', KUBE_VERSION, '--values', file], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        maxBuffer: 64 << 20,
        // helm keeps caches and config under these: never the developer's own.
        env: {PATH: process.env.PATH ?? '', HOME: dir, HELM_CACHE_HOME: join(dir, 'cache'), HELM_CONFIG_HOME: join(dir, 'config'), HELM_DATA_HOME: join(dir, 'data')},
      })
    } catch (e) {
      const err = e as {stderr?: string; message: string}
      return {ok: false, error: (err.stderr || err.message).trim()}
    }
    const objects = parseAllDocuments(out).flatMap((d) => {
      const o = d.toJS() as Record<string, unknown> | null
      if (!o || typeof o !== 'object') return []
      const md = (o.metadata ?? {}) as {name?: string; namespace?: string}
      return [{kind: String(o.kind), name: String(md.name), ...(md.namespace ? {namespace: md.namespace} : {}), object: o}]
    })
    return {ok: true, objects}
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}

/** A self-signed CA (cert and key PEM) made with openssl, for tls.ca.cert/key. */
export function makeCA(): {cert: string; key: string} {
  const dir = mkdtempSync(join(tmpdir(), 'kubectl-mesh-ca-'))
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '3', '-subj', '/CN=Oracle CA',
      '-keyout', join(dir, 'ca.key'), '-out', join(dir, 'ca.crt')], {stdio: 'ignore'})
    return {cert: readFileSync(join(dir, 'ca.crt'), 'utf8'), key: readFileSync(join(dir, 'ca.key'), 'utf8')}
  } finally {
    rmSync(dir, {recursive: true, force: true})
  }
}
