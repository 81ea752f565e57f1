// A kubeconfig for started clusters: one context per cluster (named after it), certificates embedded.
// Written to a tmp dir the harness removes.
import {stringify} from 'yaml'
import type {Cluster, Identity} from './cluster.js'
import {makeTmpDir, writePrivate} from './tmp.js'

const b64 = (pem: string) => Buffer.from(pem, 'utf8').toString('base64')

export interface KubeconfigOptions {
  users?: (Identity | undefined)[] // users[i] for clusters[i]; default: each cluster's admin
  currentContext?: string | null // default: the first cluster; null: none
  namespace?: string
}

export function kubeconfigDocument(clusters: Cluster[], options: KubeconfigOptions = {}): Record<string, unknown> {
  const userFor = (i: number) => options.users?.[i] ?? clusters[i].admin
  const current = options.currentContext === undefined ? clusters[0]?.name : options.currentContext
  return {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: clusters.map((c) => ({name: c.name, cluster: {server: c.url, 'certificate-authority-data': b64(c.caPem)}})),
    users: clusters.map((c, i) => ({
      name: `${userFor(i).name}@${c.name}`,
      user: {'client-certificate-data': b64(userFor(i).cert), 'client-key-data': b64(userFor(i).key)},
    })),
    contexts: clusters.map((c, i) => ({
      name: c.name,
      context: {cluster: c.name, user: `${userFor(i).name}@${c.name}`, ...(options.namespace ? {namespace: options.namespace} : {})},
    })),
    ...(current ? {'current-context': current} : {}),
  }
}

export function writeKubeconfig(clusters: Cluster[], options: KubeconfigOptions = {}): string {
  const dir = makeTmpDir('kubeconfig')
  return writePrivate(dir, 'config', stringify(kubeconfigDocument(clusters, options)))
}

