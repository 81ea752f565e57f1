// The pure parts of doctor: certificate extensions from DER, mesh Secret entries, the agents' status JSON, image
// versions, endpoint addresses, and the --wait flag.
import {strict as assert} from 'node:assert'
import {X509Certificate} from 'node:crypto'
import 'reflect-metadata'
import * as x509 from '@peculiar/x509'
import {notReadyReason, parseAgentStatus, parseKvstoremeshStatus} from '../../src/lib/doctor/agent-status.js'
import {addressesOf, parseEndpoint} from '../../src/lib/doctor/endpoints.js'
import {imageVersion} from '../../src/lib/doctor/parse-workloads.js'
import {certificateFrom, issuedBy, parseMeshSecret} from '../../src/lib/doctor/parse-secrets.js'
import {normalizeWaitFlag} from '../../src/lib/doctor/wait-flag.js'
import {certificateExtensions} from '../../src/lib/doctor/x509-extensions.js'
import {issueCert} from '../env/index.js'
import {agentStatus, kvstoremeshStatus} from './agent-json.js'
import {mintMeshCA} from './ca.js'
import {etcdConfig} from './mesh.js'

const b64 = (s: string) => Buffer.from(s).toString('base64')
const secret = (data: Record<string, string>) => ({apiVersion: 'v1', kind: 'Secret', metadata: {name: 'cilium-clustermesh'}, data})

describe('doctor: parsing', () => {
  describe('certificate extensions', () => {
    it('reads SKI, AKI and key usage as @peculiar/x509 wrote them', async () => {
      const ca = await mintMeshCA()
      const leaf = await issueCert(ca, {cn: 'remote', usage: 'client'})
      const caCert = new x509.X509Certificate(ca.cert)
      const ski = caCert.getExtension(x509.SubjectKeyIdentifierExtension)!.keyId.toUpperCase().match(/../g)!.join(':')
      const caExt = certificateExtensions(new X509Certificate(ca.cert).raw)
      assert.deepEqual(caExt, {subjectKeyId: ski, keyUsage: ['keyCertSign', 'cRLSign']})
      const leafExt = certificateExtensions(new X509Certificate(leaf.cert).raw)
      assert.equal(leafExt.authorityKeyId, ski)
      assert.deepEqual(leafExt.keyUsage, ['digitalSignature', 'keyEncipherment'])
      assert.equal(issuedBy(new X509Certificate(leaf.cert), new X509Certificate(ca.cert)), true)
      assert.equal(issuedBy(new X509Certificate(leaf.cert), new X509Certificate((await mintMeshCA()).cert)), false)
    })

    it('a malformed certificate is a problem named by its Secret key, never its bytes', () => {
      const facts = certificateFrom({apiVersion: 'v1', kind: 'Secret', metadata: {name: 'cilium-ca'}, data: {'ca.crt': b64('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n')}}, ['ca.crt']).facts
      assert.match(facts.problem ?? '', /^ca\.crt is not a readable certificate/)
      assert.equal(certificateFrom({apiVersion: 'v1', kind: 'Secret', metadata: {name: 'x'}, data: {}}, ['ca.crt', 'tls.crt']).facts.problem, 'has no ca.crt or tls.crt')
    })
  })

  describe('mesh Secrets', () => {
    it('keeps entry names, endpoints and host aliases; skips key files and entries without endpoints', () => {
      const parsed = parseMeshSecret(secret({
        west: b64(etcdConfig('https://west.mesh.cilium.io:2379')),
        'west.etcd-client.key': b64('-----BEGIN PRIVATE KEY-----\nsecret\n-----END PRIVATE KEY-----\n'),
        north: b64('endpoints:\n- https://north.mesh.cilium.io:2379\ncilium-host-aliases:\n  north.mesh.cilium.io:\n    ips: [10.0.0.9]\n'),
        notes: b64('just a note'),
        broken: b64('endpoints: [unclosed\n'),
      }))
      assert.deepEqual(parsed.peers, [
        {name: 'north', endpoints: ['https://north.mesh.cilium.io:2379'], hostAliases: [{ip: '10.0.0.9', hostnames: ['north.mesh.cilium.io']}]},
        {name: 'west', endpoints: ['https://west.mesh.cilium.io:2379'], hostAliases: []},
      ])
      assert.deepEqual(parsed.unreadable, [{key: 'broken', reason: 'not valid YAML'}])
      assert.doesNotMatch(JSON.stringify(parsed), /PRIVATE KEY|secret|trusted-ca-file/)
    })
  })

  describe("the agents' status JSON", () => {
    it('reads ."cluster-mesh".clusters of cilium-dbg status and the list of kvstoremesh-dbg status', () => {
      const agent = parseAgentStatus(agentStatus([{name: 'west', id: 2}, {name: 'north', id: 3, ready: false, numFailures: 4, lastFailure: '2025-11-21T09:12:44.000Z'}]))
      assert.ok(agent.ok)
      assert.deepEqual(agent.remotes.map((r) => [r.name, r.ready, r.numFailures, r.config?.clusterId]), [['west', true, 0, 2], ['north', false, 4, 3]])
      assert.equal(notReadyReason(agent.remotes[1]), 'not connected: Waiting for initial connection to be established')
      const kv = parseKvstoremeshStatus(kvstoremeshStatus([{name: 'west', id: 2}]))
      assert.ok(kv.ok && kv.remotes[0].name === 'west')
    })

    it('an agent with ClusterMesh off has no remotes; output that is not JSON is a reason, not a crash', () => {
      assert.deepEqual(parseAgentStatus(JSON.stringify({cilium: {state: 'Ok'}})), {ok: true, remotes: []})
      assert.deepEqual(parseAgentStatus('Error: unknown flag: --output'), {ok: false, reason: 'the output is not JSON (Error: unknown flag: --output)'})
      assert.equal(parseKvstoremeshStatus('{}').ok, false)
    })

    it('connected but without its cluster configuration says so (cilium-cli order)', () => {
      assert.equal(notReadyReason({name: 'w', ready: false, connected: true, config: {required: true, retrieved: false}}), 'connected, but its cluster configuration was not retrieved')
    })
  })

  describe('addresses', () => {
    it('endpoint hosts: an IP as is, a host alias, never DNS for *.mesh.cilium.io', () => {
      const aliases = [{ip: '10.1.0.5', hostnames: ['west.mesh.cilium.io']}]
      assert.deepEqual(addressesOf('10.2.0.1', aliases, {}), {ok: true, ips: ['10.2.0.1'], via: 'address'})
      assert.deepEqual(addressesOf('west.mesh.cilium.io', aliases, {}), {ok: true, ips: ['10.1.0.5'], via: 'host alias'})
      assert.deepEqual(addressesOf('north.mesh.cilium.io', aliases, {'north.mesh.cilium.io': {ok: true, addresses: ['1.1.1.1']}}), {
        ok: false,
        reason: 'north.mesh.cilium.io has no host alias (clustermesh.config.clusters[].ips) in the pods that dial it',
      })
      assert.deepEqual(addressesOf('west.example.io', [], {'west.example.io': {ok: true, addresses: ['10.3.0.1']}}), {ok: true, ips: ['10.3.0.1'], via: 'DNS'})
      assert.deepEqual(parseEndpoint('https://[fd00::1]:2379'), {url: 'https://[fd00::1]:2379', host: 'fd00::1', port: 2379})
    })

    it('image versions: the tag, with or without a digest', () => {
      assert.equal(imageVersion('quay.io/cilium/cilium:v1.18.3@sha256:5649db451c88d928ea585514746d50d91e6210801b300c897283ea319d68de15'), 'v1.18.3')
      assert.equal(imageVersion('registry:5000/cilium/cilium:v1.17.9'), 'v1.17.9')
      assert.equal(imageVersion('quay.io/cilium/cilium@sha256:5649db451c88d928ea58'), '@sha256:5649db451c88')
    })
  })

  it('--wait alone means the default duration; --wait=2m is kept; nothing after -- is touched', () => {
    assert.deepEqual(normalizeWaitFlag(['doctor', '--wait', '-o', 'json']), ['doctor', '--wait=5m', '-o', 'json'])
    assert.deepEqual(normalizeWaitFlag(['--wait=2m']), ['--wait=2m'])
    assert.deepEqual(normalizeWaitFlag(['--', '--wait']), ['--', '--wait'])
  })
})
