// The GitOps layer's public face: render a repository as Flux would, and read a HelmRelease's values.
export {renderRepository, type RenderOptions} from './render.js'
export {helmValues} from './flux/helm-values.js'
export {MeshConfigError} from './config.js'
export {GITOPS_CHECKS} from '../checks/gitops/index.js'
export type * from './types.js'
