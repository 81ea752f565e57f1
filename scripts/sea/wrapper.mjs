// How the bundled CLI is compiled, shared by the binary's loader and the code-cache builder: V8 accepts a
// code cache only for exactly the same source text, so both must wrap a bundle identically.
//
// The binary carries two bundles of src/sea-main.ts, each with its own code cache:
// - "start-up": oclif, help, completion and the catalogue commands (`checks`, `explain`: the check catalogue and the
//   docs pages, no Kubernetes client, gRPC or rendering code). It answers --version, --help, an empty command line,
//   completion requests and those two commands.
// - "full": everything. Any other command line, including one that is not a command (oclif says so).
// The smaller bundle is what keeps `--help` within 2x of a bare `node -e 0` as commands grow.
export const BUNDLES = {
  startup: {source: 'kubectl-mesh-startup.cjs', cache: 'kubectl-mesh-startup.cache'},
  full: {source: 'kubectl-mesh.cjs', cache: 'kubectl-mesh.cache'},
}
export const FILENAME = 'kubectl-mesh.cjs'

/** Commands whose code is small enough for the start-up bundle (they read the catalogue and the docs only). */
export const STARTUP_COMMANDS = ['checks', 'explain']

export const wrap = (source) => `(function (exports, require, module, __filename, __dirname) {${source}\n})`

/**
 * oclif's own rules (main.run: versionAddition, helpAddition) for a command line it answers without loading
 * a command; `helpLoadsCommands` is true when a command's help is dynamic (oclif then loads it).
 */
export function startupCanAnswer(argv, helpLoadsCommands) {
  if (argv.length === 0 || argv[0] === '__complete' || argv[0] === '--version') return true
  if (STARTUP_COMMANDS.includes(argv[0])) return true
  if (helpLoadsCommands) return false
  for (const arg of argv) {
    if (arg === '--') return false
    if (arg === '--help') return true
  }
  return false
}
