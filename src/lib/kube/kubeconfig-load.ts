// Which kubeconfig files to read, as kubectl decides: --kubeconfig alone (it must exist), else every existing
// file of KUBECONFIG in order, else ~/.kube/config. No file at all is a usage error: client-node would
// otherwise invent a "loaded-context" pointing at localhost.
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {parse} from 'yaml'
import {UsageError} from '../cli/errors.js'
import {type KubeconfigSource, type MergedKubeconfig, mergeKubeconfigs} from './kubeconfig-merge.js'

export interface KubeconfigLocation {
  kubeconfig?: string // --kubeconfig
  env?: NodeJS.ProcessEnv
  home?: string
}

export function kubeconfigPaths({kubeconfig, env = process.env, home = os.homedir()}: KubeconfigLocation): string[] {
  if (kubeconfig) {
    if (!fs.existsSync(kubeconfig)) throw new UsageError(`--kubeconfig: ${kubeconfig} does not exist`)
    return [path.resolve(kubeconfig)]
  }
  const listed = (env.KUBECONFIG ?? '').split(path.delimiter).filter((p) => p !== '')
  if (listed.length > 0) {
    const existing = [...new Set(listed.map((p) => path.resolve(p)))].filter((p) => fs.existsSync(p))
    if (existing.length === 0) {
      throw new UsageError(`no kubeconfig: none of the files in KUBECONFIG exists (${listed.join(path.delimiter)})`)
    }
    return existing
  }
  const fallback = path.join(home, '.kube', 'config')
  if (!fs.existsSync(fallback)) {
    throw new UsageError(`no kubeconfig: ${fallback} does not exist; pass --kubeconfig or set KUBECONFIG`)
  }
  return [fallback]
}

export function readKubeconfigs(paths: string[]): MergedKubeconfig {
  const sources: KubeconfigSource[] = paths.map((file) => {
    let text: string
    try {
      text = fs.readFileSync(file, 'utf8')
    } catch (error) {
      throw new UsageError(`cannot read kubeconfig ${file}: ${(error as NodeJS.ErrnoException).code ?? error}`)
    }
    try {
      return {path: file, doc: parse(text)}
    } catch (error) {
      // The YAML error names line and column; it never quotes the file's content.
      throw new UsageError(`kubeconfig ${file} is not valid YAML: ${(error as Error).message.split('\n')[0]}`)
    }
  })
  return mergeKubeconfigs(sources)
}

export const loadKubeconfig = (location: KubeconfigLocation): MergedKubeconfig => readKubeconfigs(kubeconfigPaths(location))
