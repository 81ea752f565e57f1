// npm run release: the tarball, its checksum and the krew manifest agree with each other, and what the
// tarball holds is the working plugin. (krew itself cannot be fetched here; its manifest rules are checked.)
import {strict as assert} from 'node:assert'
import {execFileSync} from 'node:child_process'
import {createHash} from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {parse} from 'yaml'
import {REPO_ROOT} from '../env/binaries.js'
import {ensureBinary, PACKAGE, PINNED_NODE, pinnedNodeVersion, run} from './standalone.js'

interface KrewPlugin {
  apiVersion: string
  kind: string
  metadata: {name: string}
  spec: {
    version: string
    homepage: string
    shortDescription: string
    description: string
    caveats: string
    platforms: {selector: {matchLabels: Record<string, string>}; uri: string; sha256: string; bin: string; files: {from: string; to: string}[]}[]
  }
}

describe('e2e: npm run release', function () {
  this.timeout(600_000)
  const tarballName = `kubectl-mesh-${PACKAGE.version}-linux-amd64.tar.gz`
  let work: string
  let out: string
  let manifest: KrewPlugin

  const release = (dir: string) =>
    execFileSync(PINNED_NODE, [path.join(REPO_ROOT, 'scripts', 'release.mjs'), '--no-package', '--out', dir], {
      cwd: REPO_ROOT,
      env: {PATH: process.env.PATH, SOURCE_DATE_EPOCH: '1700000000'},
      stdio: ['ignore', 'pipe', 'pipe'],
    })

  before(function () {
    if (process.arch !== 'x64') this.skip()
    ensureBinary()
    work = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-mesh-release-'))
    out = path.join(work, 'out')
    release(out)
    manifest = parse(fs.readFileSync(path.join(out, 'mesh.yaml'), 'utf8')) as KrewPlugin
  })
  after(() => work && fs.rmSync(work, {recursive: true, force: true}))

  it('writes the tarball and a sha256sum-style checksum that matches it', () => {
    const tarball = path.join(out, tarballName)
    const sum = createHash('sha256').update(fs.readFileSync(tarball)).digest('hex')
    assert.equal(fs.readFileSync(`${tarball}.sha256`, 'utf8'), `${sum}  ${tarballName}\n`)
    assert.equal(run('/usr/bin/env', ['sha256sum', '-c', `${tarballName}.sha256`], {cwd: out, env: {PATH: process.env.PATH}}).status, 0)
  })

  it('the tarball holds the binary and the completion helper (executable), plus LICENSE/README when the repository has them', () => {
    const listing = execFileSync('tar', ['-tvzf', path.join(out, tarballName)], {encoding: 'utf8'}).trim().split('\n')
    const names = listing.map((l) => l.split(/\s+/).at(-1))
    const expected = ['kubectl-mesh', 'kubectl_complete-mesh', ...['LICENSE', 'README.md'].filter((f) => fs.existsSync(path.join(REPO_ROOT, f)))]
    assert.deepEqual(names.sort(), expected.sort())
    for (const line of listing.filter((l) => /kubectl[-_]/.test(l))) assert.match(line, /^-rwxr-xr-x 0\/0 /)
  })

  it('is a krew v1alpha2 Plugin named mesh, at v<package version>, with the package homepage', () => {
    assert.equal(manifest.apiVersion, 'krew.googlecontainertools.github.com/v1alpha2')
    assert.equal(manifest.kind, 'Plugin')
    assert.equal(manifest.metadata.name, 'mesh')
    assert.equal(manifest.spec.version, `v${PACKAGE.version}`)
    assert.equal(manifest.spec.homepage, PACKAGE.homepage)
    assert.ok(manifest.spec.shortDescription.length > 0 && manifest.spec.shortDescription.length <= 50, 'krew wants a short one-liner')
    assert.ok(manifest.spec.description.length > manifest.spec.shortDescription.length)
    assert.match(manifest.spec.caveats, /kubectl_complete-mesh/, 'krew does not link the completion helper: the caveats must say how')
  })

  it('its linux/amd64 platform points at the tarball by name and checksum, and every file it installs is in it', () => {
    const [platform, ...others] = manifest.spec.platforms
    assert.equal(others.length, 0)
    assert.deepEqual(platform.selector, {matchLabels: {os: 'linux', arch: 'amd64'}})
    assert.ok(platform.uri.startsWith('https://') && platform.uri.endsWith(`/${tarballName}`), platform.uri)
    assert.equal(platform.sha256, fs.readFileSync(path.join(out, `${tarballName}.sha256`), 'utf8').split(' ')[0])
    assert.equal(platform.bin, 'kubectl-mesh')
    const names = execFileSync('tar', ['-tzf', path.join(out, tarballName)], {encoding: 'utf8'}).trim().split('\n')
    for (const file of platform.files) assert.ok(names.includes(file.from), `${file.from} is not in the tarball`)
    assert.ok(platform.files.some((f) => f.from === platform.bin))
  })

  it('what krew would unpack runs: the binary and the completion helper next to it', () => {
    const unpacked = path.join(work, 'unpacked')
    fs.mkdirSync(unpacked)
    execFileSync('tar', ['-xzf', path.join(out, tarballName), '-C', unpacked])
    const version = run(path.join(unpacked, 'kubectl-mesh'), ['--version'])
    assert.equal(version.stdout, `kubectl-mesh/${PACKAGE.version} linux-x64 node-${pinnedNodeVersion()}\n`)
    const completion = run(path.join(unpacked, 'kubectl_complete-mesh'), ['lint', '--fail-on', ''])
    assert.equal(completion.stdout, 'error\nwarning\ninfo\n:4\n')
  })

  it('is reproducible: the same binary and SOURCE_DATE_EPOCH give the same tarball bytes', () => {
    const again = path.join(work, 'again')
    release(again)
    assert.equal(fs.readFileSync(path.join(again, `${tarballName}.sha256`), 'utf8'), fs.readFileSync(path.join(out, `${tarballName}.sha256`), 'utf8'))
  })
})
