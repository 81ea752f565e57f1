// The pure parts of connect-check: etcd configs, endpoints, --resolve, mounted volumes, the heartbeat
// and cluster-config verdicts, and the --config-dir reader's refusal to leave its directory.
import {strict as assert} from 'node:assert'
import fs from 'node:fs'
import path from 'node:path'
import {readConfigDir} from '../../src/lib/connect/config-dir.js'
import {parseEndpoint} from '../../src/lib/connect/endpoint.js'
import {parseEtcdConfig} from '../../src/lib/connect/etcd-config.js'
import {assembleFiles, chartDefaultSources, hostAliasesOf, mountedSources} from '../../src/lib/connect/mounted-volume.js'
import {parseResolveFlags, parseResolver} from '../../src/lib/connect/resolve-flags.js'
import {judgeClusterConfig, judgeHeartbeat} from '../../src/lib/connect/verdicts.js'
import {makeTmpDir, useTestEnv} from '../env/index.js'

describe('connect-check: etcd configs and endpoints', () => {
  it('reads endpoints, the TLS files (ca-file as the older spelling) and both host-alias shapes', () => {
    const listShape = parseEtcdConfig(
      'endpoints:\n- https://apps.mesh.cilium.io:2379\nca-file: /x/ca.crt\ncert-file: /x/c.crt\nkey-file: /x/c.key\n' +
        'cilium-host-aliases:\n- hostname: apps.mesh.cilium.io\n  ips: [10.0.0.1, 10.0.0.2]\n',
    )
    assert.deepEqual(listShape.endpoints, ['https://apps.mesh.cilium.io:2379'])
    assert.equal(listShape.trustedCaFile, '/x/ca.crt')
    assert.deepEqual([...listShape.hostAliases], [['apps.mesh.cilium.io', ['10.0.0.1', '10.0.0.2']]])
    assert.deepEqual(listShape.problems, [])
    const mapShape = parseEtcdConfig('endpoints: [https://a:1]\ncilium-host-aliases:\n  a.mesh.cilium.io:\n    ips: [10.0.0.3]\n')
    assert.deepEqual([...mapShape.hostAliases], [['a.mesh.cilium.io', ['10.0.0.3']]])
  })

  it('names what makes a config unusable', () => {
    assert.deepEqual(parseEtcdConfig('endpoints: []\n').problems, ['no endpoints'])
    assert.deepEqual(parseEtcdConfig('endpoints: [https://a:1]\ncert-file: /c\n').problems, ['cert-file and key-file must be given together'])
    assert.match(parseEtcdConfig('endpoints: [\n').problems[0], /^not valid YAML/)
  })

  it('endpoints need https and a port (the chart renders "https://host:" without clusters[].port)', () => {
    assert.deepEqual(parseEndpoint('https://10.1.2.3:2379'), {ok: true, host: '10.1.2.3', port: 2379, isIP: true})
    assert.deepEqual(parseEndpoint('https://[::1]:32379'), {ok: true, host: '::1', port: 32379, isIP: true})
    assert.deepEqual(parseEndpoint('https://apps.example.io:443'), {ok: true, host: 'apps.example.io', port: 443, isIP: false})
    for (const [endpoint, problem] of [
      ['https://apps.example.io:', /has no port/],
      ['https://apps.example.io', /has no port/],
      ['http://apps.example.io:2379', /not https/],
      ['apps.example.io:2379', /not https|not a URL/],
    ] as const) {
      const r = parseEndpoint(endpoint)
      assert.ok(!r.ok && problem.test(r.problem), `${endpoint}: ${JSON.stringify(r)}`)
    }
  })

  it('--resolve takes HOST=IP[,IP] and curl\'s HOST:PORT:IP; --resolver takes IP[:PORT]', () => {
    assert.deepEqual([...parseResolveFlags(['Apps.Example.io=10.0.0.1,10.0.0.2', 'infra.example.io:2379:10.0.0.9'])], [
      ['apps.example.io', ['10.0.0.1', '10.0.0.2']],
      ['infra.example.io', ['10.0.0.9']],
    ])
    assert.throws(() => parseResolveFlags(['apps.example.io']), /not HOST=IP/)
    assert.throws(() => parseResolveFlags(['apps=10.0.0.300']), /10\.0\.0\.300 is not an IP address/)
    assert.equal(parseResolver('127.0.0.1:5353'), '127.0.0.1:5353')
    assert.equal(parseResolver('[::1]:53'), '[::1]:53')
    assert.throws(() => parseResolver('dns.example.io'), /not IP\[:PORT\]/)
  })
})

describe('connect-check: the directory a container mounts', () => {
  const spec = {
    hostAliases: [{ip: '10.0.0.1', hostnames: ['apps.mesh.cilium.io']}, {ip: '10.0.0.2', hostnames: ['apps.mesh.cilium.io']}],
    containers: [{name: 'cilium-agent', volumeMounts: [{name: 'clustermesh-secrets', mountPath: '/var/lib/cilium/clustermesh/'}]}],
    volumes: [{name: 'clustermesh-secrets', projected: {sources: chartDefaultSources('cilium-clustermesh').map((s) => ({secret: {name: s.name, optional: s.optional, ...(s.items ? {items: s.items} : {})}}))}}],
  }

  it('follows the container\'s mount to the projected sources, and the hostAliases', () => {
    const m = mountedSources(spec, 'cilium-agent', '/var/lib/cilium/clustermesh')
    assert.ok(m.ok)
    assert.deepEqual(m.sources.map((s) => s.name), ['cilium-clustermesh', 'clustermesh-apiserver-remote-cert'])
    assert.deepEqual([...hostAliasesOf(spec)], [['apps.mesh.cilium.io', ['10.0.0.1', '10.0.0.2']]])
    assert.deepEqual(mountedSources(spec, 'kvstoremesh', '/var/lib/cilium/clustermesh'), {ok: false, problem: 'no container kvstoremesh'})
  })

  it('projects every key, or only the listed items under their paths; a missing required source is a problem', () => {
    const data = new Map([
      ['Secret/cilium-clustermesh', new Map([['apps', Buffer.from('endpoints: [https://a:1]')]])],
      ['Secret/clustermesh-apiserver-remote-cert', new Map([['tls.crt', Buffer.from('C')], ['tls.key', Buffer.from('K')], ['ca.crt', Buffer.from('A')], ['extra', Buffer.from('x')]])],
    ])
    const {files, problems} = assembleFiles(chartDefaultSources('cilium-clustermesh'), data)
    assert.deepEqual([...files.keys()].sort(), ['apps', 'common-etcd-client-ca.crt', 'common-etcd-client.crt', 'common-etcd-client.key'])
    assert.deepEqual(problems, [])
    const required = assembleFiles([{kind: 'Secret', name: 'cilium-kvstoremesh', optional: false}], new Map())
    assert.deepEqual(required.problems, ['Secret cilium-kvstoremesh is missing (the pods cannot start without it)'])
  })
})

describe('connect-check: verdicts on what the peer returned', () => {
  const now = Date.parse('2030-01-01T12:00:00Z')
  it('heartbeat: RFC 3339 as Cilium writes it; stale after 2 minutes; missing or garbled fails', () => {
    assert.equal(judgeHeartbeat('2030-01-01T11:59:31Z', now).status, 'pass')
    assert.equal(judgeHeartbeat('2030-01-01T12:58:00+01:00', now).status, 'pass')
    const stale = judgeHeartbeat('2030-01-01T11:52:48Z', now)
    assert.deepEqual(stale, {status: 'fail', message: 'cilium/.heartbeat last written 7m12s ago (2030-01-01T11:52:48Z)'})
    assert.equal(judgeHeartbeat(undefined, now).status, 'fail')
    assert.match((judgeHeartbeat('yesterday', now) as {message: string}).message, /not an RFC 3339 time/)
  })

  it('cluster-config: the record must exist, be JSON with an integer id, equal to the declared one', () => {
    const record = JSON.stringify({id: 2, capabilities: {maxConnectedClusters: 255, cached: true}})
    assert.deepEqual(judgeClusterConfig('apps', record, {id: 2, from: 'context apps'}, []), {
      status: 'pass',
      message: 'cluster-config id 2, maxConnectedClusters 255, served by KVStoreMesh (matches context apps)',
    })
    assert.equal(judgeClusterConfig('apps', record, {id: 3, from: 'context apps'}, []).status, 'fail')
    assert.equal(judgeClusterConfig('apps', '{"id":"2"}', undefined, []).status, 'fail')
    const missing = judgeClusterConfig('config', undefined, undefined, ['apps', 'infra'])
    assert.equal(missing.status, 'fail')
    assert.deepEqual((missing as {details?: string[]}).details, ['clusters known from the contexts given: apps, infra'])
  })
})

describe('connect-check: --config-dir reads only inside the directory', () => {
  useTestEnv()
  it('reads files and links into the directory (a mounted Secret\'s layout), not links out of it', () => {
    const outside = makeTmpDir('outside')
    fs.writeFileSync(path.join(outside, 'secret.key'), 'outside')
    const dir = makeTmpDir('mounted')
    fs.mkdirSync(path.join(dir, '..2030_01_01'))
    fs.writeFileSync(path.join(dir, '..2030_01_01', 'apps'), 'endpoints: [https://a:1]')
    fs.symlinkSync('..2030_01_01', path.join(dir, '..data'))
    fs.symlinkSync(path.join('..data', 'apps'), path.join(dir, 'apps'))
    fs.symlinkSync(path.join(outside, 'secret.key'), path.join(dir, 'common-etcd-client.key'))
    const {files, skipped} = readConfigDir(dir)
    assert.deepEqual([...files.keys()], ['apps'])
    assert.deepEqual(skipped, ['common-etcd-client.key: points outside the directory'])
  })
})
