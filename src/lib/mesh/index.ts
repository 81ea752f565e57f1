// Public API of the mesh model.
export {buildMeshModel, type BuildOptions, type DeclaredCluster} from './build.js'
export {clusterSummaries} from './summary.js'
export {declaredFacts} from './declared.js'
export type {HelmValues, HelmValuesAccessor} from './values.js'
export type {Declared} from './addressing.js'
export type {Fact, KnownFact, UnknownFact, Origin, VariableRef, DefaultRef} from './fact.js'
export type * from './types.js'
