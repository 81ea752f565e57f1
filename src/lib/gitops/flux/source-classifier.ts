// Which Flux Kustomizations build from this repository. spec.path is relative to the artifact of spec.sourceRef
// (kustomizations.md, "Source reference"): only sources that serve this repository render from the working tree.
//   - the entry's own source;
//   - a GitRepository/OCIRepository/Bucket with no object in git at all: made by `flux bootstrap`, `flux create` or
//     the operator, so it can only be this repository (two such sources in one cluster are flagged, not guessed);
//   - a source in git whose URL is this repository's (the entry's URL);
//   - an ExternalArtifact of an ArtifactGenerator that copies from this repository (Flux 2.7+), mapped back to the
//     repository directory it copies.
// Everything else is another repository: not rendered, reported.
import type {RenderedObject} from '../types.js'
import type {KObj} from '../kustomize/resid.js'
import {normaliseRepoUrl} from '../repo/url.js'
import type {FluxSpec} from './spec.js'
import {mapArtifactPath} from './artifact-generator.js'
import {SOURCE_KINDS, sourceUrl, type TreeIndex} from './tree-index.js'

export type SourceVerdict = ({kind: 'this'; path?: string} | {kind: 'foreign'; reason: string} | {kind: 'missing'}) & {warning?: string}

/** What the cluster's builds have produced so far (a ResourceSet or a Kustomization may create sources). */
export interface RenderedSources {
  find(kind: string, namespace: string, name: string): RenderedObject | undefined
  /** The ArtifactGenerators applied in the cluster. */
  generators(): RenderedObject[]
}

const NOTHING: RenderedSources = {find: () => undefined, generators: () => []}

type Ref = FluxSpec['sourceRef']

const refKey = (r: Ref) => `${r.kind} ${r.namespace}/${r.name}`

export class SourceClassifier {
  /** Sources without an object in git that were read from this repository. */
  private readonly missing = new Set<string>()
  private warned = false

  constructor(
    private readonly index: TreeIndex,
    private readonly root: Ref,
    private readonly rootUrl: string | undefined,
  ) {
    if (index.sources(root.kind, root.namespace, root.name).length === 0) this.missing.add(refKey(root))
  }

  /**
   * `rendered` finds sources the cluster's builds produce; with `settled` false a source found nowhere yet is
   * 'missing' (the caller may wait for more builds), with `settled` true it is taken as this repository.
   */
  classify(spec: FluxSpec, rendered: RenderedSources = NOTHING, settled = true): SourceVerdict {
    const ref = spec.sourceRef
    const key = refKey(ref)
    if (key === refKey(this.root)) return {kind: 'this'}
    if (ref.kind === 'ExternalArtifact') return this.artifact(spec, rendered, settled)
    if (!(SOURCE_KINDS as readonly string[]).includes(ref.kind)) {
      return {kind: 'foreign', reason: `Flux Kustomization ${spec.namespace}/${spec.name} builds from ${key}, which is not a source kind this tool reads; its objects are not rendered`}
    }
    const inGit: KObj[] = this.index.sources(ref.kind, ref.namespace, ref.name).map((x) => x.o)
    const built = rendered.find(ref.kind, ref.namespace, ref.name)
    if (built) inGit.push(built.object as KObj)
    if (inGit.length === 0 && !settled) return {kind: 'missing'}
    if (inGit.length === 0) {
      this.missing.add(key)
      // Two different sources that are not in git are both read from this repository: say so once.
      if (this.missing.size > 1 && !this.warned) {
        this.warned = true
        return {
          kind: 'this',
          warning: `sources ${[...this.missing].join(' and ')} are not in git and were both read from this repository; if one of them is another repository, its paths were rendered from the wrong tree`,
        }
      }
      return {kind: 'this'}
    }
    const urls = inGit.map((x) => sourceUrl(x)).filter((u): u is string => !!u)
    if (this.rootUrl && urls.some((u) => normaliseRepoUrl(u) === normaliseRepoUrl(this.rootUrl!))) return {kind: 'this'}
    return {
      kind: 'foreign',
      reason: `Flux Kustomization ${spec.namespace}/${spec.name} builds from ${key}${urls[0] ? ` (${urls[0]})` : ''}, not from this repository; its objects are not rendered`,
    }
  }

  private artifact(spec: FluxSpec, rendered: RenderedSources, settled: boolean): SourceVerdict {
    const ref = spec.sourceRef
    // Only the generators this cluster applies: every cluster of a fleet may have its own `flux-system` generator.
    const generators = rendered.generators()
    if (generators.length === 0 && !settled) return {kind: 'missing'}
    const isThisRepo = (kind: string, namespace: string, name: string) =>
      this.classify({...spec, sourceRef: {kind, namespace, name}}, rendered).kind === 'this'
    const mapped = mapArtifactPath(generators, {name: ref.name, namespace: ref.namespace}, spec.path, isThisRepo, (rel) => this.index.isDir(rel))
    if ('repoDir' in mapped) return {kind: 'this', path: mapped.repoDir}
    return {kind: 'foreign', reason: `Flux Kustomization ${spec.namespace}/${spec.name} builds from ExternalArtifact ${ref.namespace}/${ref.name}: ${mapped.unsupported}; its objects are not rendered`}
  }
}
