// The CM1xx checks, in id order: GitOps wiring of each rendered cluster (Flux, kustomize, substitution).
import {CM101} from './CM101-undefined-variable.js'
import {CM102} from './CM102-missing-substitution-source.js'
import {CM103} from './CM103-unknown-dependency.js'
import {CM104} from './CM104-dependency-cycle.js'
import {CM105} from './CM105-unreferenced-manifest.js'
import {CM106} from './CM106-healthcheck-mismatch.js'
import {CM107} from './CM107-deprecated-api.js'
import {CM108} from './CM108-chart-source-missing.js'
import type {GitopsCheck} from './support.js'

export type {GitopsCheck, GitopsModel} from './support.js'

export const GITOPS_CHECKS: readonly GitopsCheck[] = [CM101, CM102, CM103, CM104, CM105, CM106, CM107, CM108]
