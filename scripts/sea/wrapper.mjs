// How the bundled CLI is compiled, shared by the binary's loader and the code-cache builder: V8 accepts a
// code cache only for exactly the same source text, so both must wrap the bundle identically.
export const BUNDLE_ASSET = 'kubectl-mesh.cjs'
export const CACHE_ASSET = 'kubectl-mesh.cache'
export const FILENAME = 'kubectl-mesh.cjs'

export const wrap = (source) => `(function (exports, require, module, __filename, __dirname) {${source}\n})`
