// npm run release [-- --no-package] [-- --out DIR]: packages the binary (npm run package), then writes
//   dist/kubectl-mesh-<version>-linux-amd64.tar.gz   binary, kubectl_complete-mesh, LICENSE and README if present
//   dist/kubectl-mesh-<version>-linux-amd64.tar.gz.sha256
//   dist/mesh.yaml                                   krew plugin manifest pointing at the release asset
// --no-package releases the dist/kubectl-mesh already built; --out writes the three files elsewhere.
// The tarball is reproducible: sorted names, fixed owner and mtime (SOURCE_DATE_EPOCH or the last commit).
// RELEASE_BASE_URL overrides where the asset will be downloaded from (default: <homepage>/releases/download/v<version>).
import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import {copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import {fileURLToPath} from 'node:url'
import {stringify} from 'yaml'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const dist = join(root, 'dist')
const argv = process.argv.slice(2)
const outIndex = argv.indexOf('--out')
const out = outIndex >= 0 ? resolve(argv[outIndex + 1] ?? '') : dist
const pjson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'))
const PLUGIN = 'mesh'
const BINARY = 'kubectl-mesh'
const COMPANION = 'kubectl_complete-mesh'

// The binary is the pinned node for this machine: only this platform can be released from here.
const ARCH = {x64: 'amd64', arm64: 'arm64'}[process.arch]
if (process.platform !== 'linux' || !ARCH) throw new Error(`release: only linux builds are supported (this is ${process.platform}/${process.arch})`)
const platform = `linux-${ARCH}`

const version = pjson.version
if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version)) throw new Error(`release: package.json version "${version}" is not semver`)

function sourceDateEpoch() {
  if (process.env.SOURCE_DATE_EPOCH) return process.env.SOURCE_DATE_EPOCH
  try {
    return execFileSync('git', ['log', '-1', '--format=%ct'], {cwd: root, encoding: 'utf8'}).trim()
  } catch {
    return '0'
  }
}

function stage() {
  const dir = join(root, 'build', 'release', `${BINARY}-${version}-${platform}`)
  rmSync(dir, {recursive: true, force: true})
  mkdirSync(dir, {recursive: true})
  const files = [BINARY, COMPANION]
  for (const name of files) copyFileSync(join(dist, name), join(dir, name))
  for (const name of ['LICENSE', 'README.md']) {
    if (existsSync(join(root, name))) {
      copyFileSync(join(root, name), join(dir, name))
      files.push(name)
    } else process.stderr.write(`release: no ${name} at the repository root; the tarball goes without it\n`)
  }
  return {dir, files}
}

function tarball({dir, files}) {
  const name = `${BINARY}-${version}-${platform}.tar.gz`
  const target = join(out, name)
  const tar = ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', `--mtime=@${sourceDateEpoch()}`, '--format=gnu', '-C', dir, '-cf', '-', ...files]
  const archive = execFileSync('tar', tar, {maxBuffer: 1 << 30})
  // gzip -n: no name or time stamp in the header, so the same inputs give the same bytes. (-9 takes four
  // times as long as the default level for 0.5% less on this binary.)
  writeFileSync(target, execFileSync('gzip', ['-n'], {input: archive, maxBuffer: 1 << 30}))
  const sha256 = createHash('sha256').update(readFileSync(target)).digest('hex')
  writeFileSync(`${target}.sha256`, `${sha256}  ${name}\n`)
  return {name, target, sha256}
}

function krewManifest(asset, files) {
  const base = process.env.RELEASE_BASE_URL ?? `${pjson.homepage}/releases/download/v${version}`
  return {
    apiVersion: 'krew.googlecontainertools.github.com/v1alpha2',
    kind: 'Plugin',
    metadata: {name: PLUGIN},
    spec: {
      version: `v${version}`,
      homepage: pjson.homepage,
      shortDescription: 'Lint and probe Cilium ClusterMesh from Flux repos',
      description: [
        'kubectl mesh checks Cilium ClusterMesh set-ups that are run from a Flux GitOps repository.',
        'It renders every cluster of the repository as Flux would and lints the GitOps wiring and the mesh',
        'settings offline (cluster names and ids, CIDR overlaps, peers, certificates, secrets), checks the',
        'live clusters of your kubeconfig against the repository, and probes the clustermesh-apiserver',
        'endpoints step by step (DNS, TCP, TLS, etcd). Reports as text, JSON, SARIF or JUnit with exit',
        'codes CI can rely on; `kubectl mesh explain CMnnn` documents every check.',
      ].join('\n'),
      caveats: [
        'Completion of `kubectl mesh <TAB>` (kubectl 1.26+) needs kubectl_complete-mesh on your PATH.',
        'krew installs it next to the plugin but does not link it; to enable it run:',
        '  kubectl mesh completion kubectl > "${KREW_ROOT:-$HOME/.krew}/bin/kubectl_complete-mesh"',
        '  chmod +x "${KREW_ROOT:-$HOME/.krew}/bin/kubectl_complete-mesh"',
        '',
        'The live commands only read from your clusters; the RBAC they need is in docs/rbac.yaml at',
        pjson.homepage,
      ].join('\n'),
      platforms: [
        {
          selector: {matchLabels: {os: 'linux', arch: ARCH}},
          uri: `${base}/${asset.name}`,
          sha256: asset.sha256,
          bin: BINARY,
          files: files.map((from) => ({from, to: '.'})),
        },
      ],
    },
  }
}

function main() {
  if (!argv.includes('--no-package')) execFileSync('npm', ['run', '--silent', 'package'], {cwd: root, stdio: 'inherit'})
  for (const name of [BINARY, COMPANION]) if (!existsSync(join(dist, name))) throw new Error(`release: dist/${name} is missing; run npm run package`)
  mkdirSync(out, {recursive: true})
  const staged = stage()
  const asset = tarball(staged)
  writeFileSync(join(out, `${PLUGIN}.yaml`), stringify(krewManifest(asset, staged.files), {lineWidth: 0}))
  rmSync(staged.dir, {recursive: true, force: true})
  const mib = (bytes) => `${(bytes / 2 ** 20).toFixed(1)} MiB`
  const shown = out.startsWith(`${root}/`) ? relative(root, out) : out
  process.stdout.write(
    `${shown}/${asset.name}: ${mib(statSync(asset.target).size)} (${staged.files.join(', ')})\n` +
      `${shown}/${asset.name}.sha256: ${asset.sha256}\n` +
      `${shown}/${PLUGIN}.yaml: krew manifest for v${version}\n`,
  )
}

main()
