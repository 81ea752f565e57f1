// One live model: the same mesh Secret entries fed to doctor, connect-check and dns-check through their own parsing
// functions give the same verdict — usable or not, the same host:port, the same words for why not.
import {strict as assert} from 'node:assert'
import {parseEndpoint as connectEndpoint} from '../../src/lib/connect/endpoint.js'
import {peerConfigs} from '../../src/lib/connect/peer-configs.js'
import {peerEndpoints} from '../../src/lib/dnscheck/live-peers.js'
import {parseEndpoint as doctorEndpoint} from '../../src/lib/doctor/endpoints.js'
import {parseMeshSecret} from '../../src/lib/doctor/parse-secrets.js'
import {parseEndpoint} from '../../src/lib/live/endpoint.js'
import {entryVerdict, objectFiles} from '../../src/lib/live/mesh-secret.js'
import {clusterKeys, label} from '../../src/lib/live/names.js'

const b64 = (s: string) => Buffer.from(s).toString('base64')
const secretOf = (data: Record<string, string>) => ({apiVersion: 'v1', kind: 'Secret', metadata: {name: 'cilium-clustermesh', namespace: 'kube-system'}, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)]))})

interface Verdict {
  usable: boolean
  dials: string[]
  why?: RegExp
}

const CASES: {title: string; config: string; expect: Verdict}[] = [
  {title: 'host and port', config: 'endpoints:\n- https://apps.example.io:2379\n', expect: {usable: true, dials: ['apps.example.io:2379']}},
  {title: 'IPv6 with port', config: 'endpoints:\n- https://[fd00::1]:32379\n', expect: {usable: true, dials: ['fd00::1:32379']}},
  {title: 'explicit :443', config: 'endpoints:\n- https://apps.example.io:443\n', expect: {usable: true, dials: ['apps.example.io:443']}},
  // etcd's client keeps url.Host as the dial address: no default port (doctor used to assume 443).
  {title: 'no port', config: 'endpoints:\n- https://apps.example.io\n', expect: {usable: false, dials: [], why: /has no port/}},
  {title: 'empty port (the chart without clusters[].port)', config: 'endpoints:\n- https://apps.example.io:\n', expect: {usable: false, dials: [], why: /has no port/}},
  {title: 'http (no TLS)', config: 'endpoints:\n- http://apps.example.io:2379\n', expect: {usable: false, dials: [], why: /not https/}},
  {title: 'one bad endpoint spoils the entry', config: 'endpoints:\n- https://a.example.io:2379\n- https://b.example.io\n', expect: {usable: false, dials: [], why: /b\.example\.io" has no port/}},
  {
    title: 'list-form host aliases (Cilium\'s ParseCiliumConfig)',
    config: 'endpoints:\n- https://apps.mesh.cilium.io:2379\ncilium-host-aliases:\n- hostname: apps.mesh.cilium.io\n  ips: [10.0.0.1]\n',
    expect: {usable: true, dials: ['apps.mesh.cilium.io:2379']},
  },
  {
    title: 'a host alias without ips fails the config',
    config: 'endpoints:\n- https://apps.mesh.cilium.io:2379\ncilium-host-aliases:\n- hostname: apps.mesh.cilium.io\n',
    expect: {usable: false, dials: [], why: /cilium-host-aliases: an entry without hostname or ips/},
  },
]

/** doctor: the Secret's peer entry and whether it would dial (entryTargets refuses entries with problems). */
function doctorVerdict(config: string): Verdict & {message?: string} {
  const parsed = parseMeshSecret(secretOf({apps: config}) as never)
  const entry = parsed.peers.find((p) => p.name === 'apps')!
  const message = entryVerdict('apps', entry.problems ?? [])
  const dials = message ? [] : entry.endpoints.flatMap((u) => {
    const e = doctorEndpoint(u)
    return e ? [`${e.host}:${e.port}`] : []
  })
  return {usable: !message, dials, ...(message ? {message} : {})}
}

function connectVerdict(config: string): Verdict & {message?: string} {
  const {peers} = peerConfigs(objectFiles(secretOf({apps: config}) as never))
  const peer = peers.find((p) => p.name === 'apps')!
  // The TLS files are connect-check's own addition (they live beside the config in the directory); none here.
  const message = entryVerdict('apps', peer.problems)
  const dials = message ? [] : peer.endpoints.flatMap((u) => {
    const e = connectEndpoint(u)
    return e.ok ? [`${e.host}:${e.port}`] : []
  })
  return {usable: !message, dials, ...(message ? {message} : {})}
}

function dnsVerdict(config: string): Verdict {
  const dials = peerEndpoints(secretOf({apps: config}) as never).map((e) => `${e.host}:${e.port}`)
  return {usable: dials.length > 0, dials}
}

describe('one live model: doctor, connect-check and dns-check agree', () => {
  for (const c of CASES) {
    it(c.title, () => {
      const doctor = doctorVerdict(c.config)
      const connect = connectVerdict(c.config)
      const dns = dnsVerdict(c.config)
      for (const [who, v] of [['doctor', doctor], ['connect-check', connect], ['dns-check', dns]] as const) {
        assert.equal(v.usable, c.expect.usable, `${who}: usable`)
        assert.deepEqual(v.dials, c.expect.dials, `${who}: dials`)
      }
      // Same words for why, in doctor's CM308 and connect-check's CM308.
      assert.equal(doctor.message, connect.message)
      if (c.expect.why) assert.match(doctor.message ?? '', c.expect.why)
      else assert.equal(doctor.message, undefined)
    })
  }

  it('the endpoint parsers of doctor and connect-check are one', () => {
    for (const url of ['https://a:2379', 'https://a', 'https://a:', 'http://a:2379', 'not a url', 'https://[::1]:443']) {
      const shared = parseEndpoint(url)
      assert.deepEqual(connectEndpoint(url), shared, url)
      assert.deepEqual(doctorEndpoint(url), shared.ok ? {url, host: shared.host, port: shared.port} : undefined, url)
    }
  })

  it('a text that is no etcd config is unreadable for doctor and unusable for connect-check', () => {
    const config = 'endpoints: [unclosed\n'
    assert.deepEqual(parseMeshSecret(secretOf({apps: config}) as never).unreadable, [{key: 'apps', reason: 'not valid YAML'}])
    assert.match(connectVerdict(config).message ?? '', /^the configuration for apps cannot be used: not valid YAML/)
    assert.deepEqual(dnsVerdict(config).dials, [])
  })
})

describe('names people know', () => {
  it('the Cilium name first, the context beside it; the context alone when the name is unknown or the same', () => {
    assert.equal(label({context: 'arn:aws:eks:eu-west-1:1:cluster/prod-eu', name: 'apps'}), 'apps (context arn:aws:eks:eu-west-1:1:cluster/prod-eu)')
    assert.equal(label({context: 'c1'}), 'c1')
    assert.equal(label({context: 'infra', name: 'infra'}), 'infra')
  })

  it('keys by the Cilium name when it is unique in the run, else by the context', () => {
    const keys = clusterKeys([{context: 'c1', name: 'infra'}, {context: 'c2', name: 'apps'}, {context: 'c3', name: 'apps'}, {context: 'c4'}, {context: 'infra-ctx', name: 'c1'}])
    assert.deepEqual([...keys], [['c1', 'infra'], ['c2', 'c2'], ['c3', 'c3'], ['c4', 'c4'], ['infra-ctx', 'infra-ctx']])
  })
})
