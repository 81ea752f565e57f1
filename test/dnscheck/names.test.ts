// The name each cluster is known by, in the order of ../shared/spec/checks.md: --name, .kubectl-mesh.yaml, an FQDN
// setting, the address peers use, the Service's hostname annotation, <cluster>-cilium-apiserver.<SECRET_DOMAIN>.
import {strict as assert} from 'node:assert'
import {pickName} from '../../src/lib/dnscheck/names.js'
import type {NamePick} from '../../src/lib/dnscheck/types.js'
import {factPos} from '../../src/lib/mesh/fact.js'
import {buildMeshModel, type BuildOptions} from '../../src/lib/mesh/index.js'
import type {MeshInput} from '../mesh/fixture.js'
import {renderMesh} from '../mesh/fixture.js'
import {HELMRELEASE, helmRelease, lineOf, mesh, PEERS, settingsLine, settingsPath} from './support.js'

function pick(input: MeshInput, cluster: string, extra: {flag?: string; liveHostnames?: string[]} = {}, options?: BuildOptions): NamePick {
  const model = buildMeshModel(renderMesh(input), options)
  const m = model.clusters.find((c) => c.name === cluster)!
  return pickName({cluster: m, all: model.clusters, meshName: cluster, ...extra})
}

const chosen = (p: NamePick) => {
  assert.ok(p.ok, JSON.stringify(p))
  const pos = factPos(p.choice.origin)
  return `${p.choice.name} ${p.choice.rule} ${pos ? `${pos.file}:${pos.line}` : '-'}`
}

/** The good mesh without the FQDN settings, so the later rules get their turn. */
function withoutFqdn(change: Parameters<typeof mesh>[0] = {}): MeshInput {
  const input = mesh(change)
  for (const c of input.clusters) delete c.settings.CILIUM_CLUSTERMESH_FQDN
  return input
}

const ALIAS_PEERS = PEERS.replace(/clustermesh-(\w+)\.example\.io/g, '$1.mesh.cilium.io')

describe('dns-check: the name a cluster is known by', () => {
  it('--name wins over the repository', () => {
    assert.equal(chosen(pick(mesh(), 'apps', {flag: 'apps.override.example'})), 'apps.override.example flag -')
  })

  it('.kubectl-mesh.yaml wins over the FQDN setting', () => {
    const declared = [{name: 'apps', fqdn: {value: 'apps.declared.example', source: {file: '.kubectl-mesh.yaml', line: 4, column: 11}}}]
    assert.equal(chosen(pick(mesh(), 'apps', {}, {declared})), 'apps.declared.example declared .kubectl-mesh.yaml:4')
  })

  it('a CILIUM_CLUSTERMESH_FQDN setting, at its line', () => {
    const line = settingsLine(mesh(), 'apps', 'CILIUM_CLUSTERMESH_FQDN')
    assert.equal(chosen(pick(mesh(), 'apps')), `clustermesh-apps.example.io variable ${settingsPath('apps')}:${line}`)
  })

  it('without a setting: the address the peers use, at their entry', () => {
    const p = pick(withoutFqdn(), 'apps')
    assert.equal(chosen(p), `clustermesh-apps.example.io peer-address ${HELMRELEASE}:${lineOf(helmRelease(), '- name: apps')}`)
    assert.ok(p.ok && p.choice.via === 'the address infra uses', JSON.stringify(p))
  })

  it('peers that use <name>.mesh.cilium.io host aliases: never a DNS name; <cluster>-cilium-apiserver.<SECRET_DOMAIN> instead', () => {
    const input = withoutFqdn({shared: {[HELMRELEASE]: helmRelease(ALIAS_PEERS)}, settings: {apps: {SECRET_DOMAIN: 'example.io'}}})
    const p = pick(input, 'apps')
    assert.equal(chosen(p), `apps-cilium-apiserver.example.io secret-domain ${settingsPath('apps')}:${settingsLine(input, 'apps', 'SECRET_DOMAIN')}`)
    assert.deepEqual(p.passedOver, [
      'apps.mesh.cilium.io (the address infra uses) is a host alias inside the pods, not a DNS name',
      'apps.mesh.cilium.io (the address edge uses) is a host alias inside the pods, not a DNS name',
    ])
  })

  it('an FQDN setting that is itself a host alias is passed over too', () => {
    const input = mesh({shared: {[HELMRELEASE]: helmRelease(ALIAS_PEERS)}, settings: {apps: {CILIUM_CLUSTERMESH_FQDN: 'apps.mesh.cilium.io', SECRET_DOMAIN: 'example.io'}}})
    const p = pick(input, 'apps')
    assert.equal(chosen(p), `apps-cilium-apiserver.example.io secret-domain ${settingsPath('apps')}:${settingsLine(input, 'apps', 'SECRET_DOMAIN')}`)
    assert.equal(p.passedOver[0], 'apps.mesh.cilium.io (CILIUM_CLUSTERMESH_FQDN) is a host alias inside the pods, not a DNS name')
  })

  it('the Service\'s external-dns hostname comes before the SECRET_DOMAIN convention', () => {
    const input = withoutFqdn({shared: {[HELMRELEASE]: helmRelease(ALIAS_PEERS)}, settings: {apps: {SECRET_DOMAIN: 'example.io'}}})
    assert.equal(chosen(pick(input, 'apps', {liveHostnames: ['mesh-apps.example.net']})), 'mesh-apps.example.net service-annotation -')
  })

  it('a SOPS-encrypted SECRET_DOMAIN leaves no name, and says how to give one', () => {
    const input = withoutFqdn({shared: {[HELMRELEASE]: helmRelease(ALIAS_PEERS)}})
    input.clusters.find((c) => c.name === 'apps')!.secretSettings = {SECRET_DOMAIN: 'ENC[AES256_GCM,data:…]'}
    const p = pick(input, 'apps')
    assert.ok(!p.ok)
    assert.equal(p.reason, 'SECRET_DOMAIN is SOPS-encrypted, so <cluster>-cilium-apiserver.<SECRET_DOMAIN> is unknown; give one with --name apps=FQDN')
  })

  it('nothing at all: says what was looked for', () => {
    const p = pick(withoutFqdn({shared: {[HELMRELEASE]: helmRelease(ALIAS_PEERS)}}), 'apps')
    assert.ok(!p.ok)
    assert.match(p.reason, /^no name is known for apps: no \.kubectl-mesh\.yaml fqdn, FQDN setting, peer address, Service hostname annotation or SECRET_DOMAIN; give one with --name apps=FQDN$/)
  })
})
