// Every Flux and flux-operator object written in the repository's files, before any build: what discovery looks
// for (sync objects, FluxInstances, flux-instance HelmReleases) and what the renderer asks about sources
// ("is GitRepository flux-system/x in git at all, and with which URL?").
import {dirnameRel} from '../repo/paths.js'
import type {Repo} from '../repo/repo.js'
import type {YamlDoc} from '../repo/yaml-file.js'
import type {KObj} from '../kustomize/resid.js'
import {Provenance} from '../provenance.js'
import type {RenderedObject} from '../types.js'

export interface TreeObject {
  doc: YamlDoc
  o: KObj
  file: string
  dir: string
}

/** A document of the tree as an object with positions, before any build. */
export function objectFromDoc(doc: YamlDoc): RenderedObject {
  const prov = new Provenance(doc.start, {doc, prefix: []})
  return {object: structuredClone(doc.value) as RenderedObject['object'], source: doc.start, locate: (p) => prov.locate(p)}
}

export const SOURCE_KINDS = ['GitRepository', 'OCIRepository', 'Bucket'] as const

const group = (o: KObj) => (typeof o.apiVersion === 'string' && o.apiVersion.includes('/') ? o.apiVersion.slice(0, o.apiVersion.indexOf('/')) : '')

export const isSourceObject = (o: KObj) => group(o) === 'source.toolkit.fluxcd.io' && (SOURCE_KINDS as readonly string[]).includes(o.kind ?? '')
export const isFluxInstance = (o: KObj) => group(o) === 'fluxcd.controlplane.io' && o.kind === 'FluxInstance'
export const isResourceSet = (o: KObj) => group(o) === 'fluxcd.controlplane.io' && o.kind === 'ResourceSet'
export const isArtifactGenerator = (o: KObj) => group(o) === 'source.extensions.fluxcd.io' && o.kind === 'ArtifactGenerator'

const rec = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {})

/** The URL of a source object as written (undefined when absent or not text). */
export function sourceUrl(o: KObj): string | undefined {
  const url = rec(o.spec).url
  return typeof url === 'string' && url ? url : undefined
}

export class TreeIndex {
  /** Objects of the GitOps APIs (Flux, flux-operator, source-watcher), in file order. */
  readonly objects: TreeObject[] = []
  /** Every directory that holds a YAML file, and their ancestors. */
  readonly dirs = new Set<string>([''])

  constructor(readonly repo: Repo) {
    for (const file of repo.yamlFiles()) {
      for (let d = dirnameRel(file); d !== ''; d = dirnameRel(d)) {
        if (this.dirs.has(d)) break
        this.dirs.add(d)
      }
      const text = repo.fs.readText(file)
      // Cheap filter first: only files that can hold such objects are parsed here.
      if (!text.ok || !/toolkit\.fluxcd\.io|fluxcd\.controlplane\.io|source\.extensions\.fluxcd\.io/.test(text.text)) continue
      const loaded = repo.load(file)
      if (!loaded.ok) continue
      for (const doc of loaded.file.docs) {
        if (!doc.value || typeof doc.value !== 'object' || Array.isArray(doc.value)) continue
        this.objects.push({doc, o: doc.value as KObj, file, dir: dirnameRel(file)})
      }
    }
  }

  /** Source objects (GitRepository, OCIRepository, Bucket) written anywhere with this kind, namespace and name. */
  sources(kind: string, namespace: string, name: string): TreeObject[] {
    return this.objects.filter(
      (x) => isSourceObject(x.o) && x.o.kind === kind && x.o.metadata?.name === name && (x.o.metadata?.namespace || namespace) === namespace,
    )
  }

  isDir(rel: string): boolean {
    return this.dirs.has(rel)
  }
}
