// CM205–CM207 and CM221: PodCIDRs, ServiceCIDRs, node networks and the datapath across the mesh.
import assert from 'node:assert/strict'
import {CM205} from '../../src/lib/checks/mesh/CM205-pod-cidr-overlap.js'
import {CM206} from '../../src/lib/checks/mesh/CM206-pod-service-cidr-overlap.js'
import {CM207} from '../../src/lib/checks/mesh/CM207-service-cidr-overlap.js'
import {CM221} from '../../src/lib/checks/mesh/CM221-datapath-mismatch.js'
import {brief, lineOf, run, settingsLine, settingsPath} from './fixture.js'
import {HELMRELEASE, helmRelease, mesh} from './good-mesh.js'

const S = (name: string) => settingsPath(name)

describe('CM205 pod-cidr-overlap', () => {
  it('fires when two PodCIDRs overlap (JSON-array setting), pointing at the later cluster\'s POD_CIDR', async () => {
    const input = mesh({settings: {edge: {POD_CIDR: '["10.244.128.0/17"]'}}})
    const {findings} = await run([CM205], input)
    assert.deepEqual(brief(findings), [`CM205 edge>infra ${S('edge')}:${settingsLine(input, 'edge', 'POD_CIDR')}`])
    assert.match(findings[0].message, /10\.244\.128\.0\/17 \(from POD_CIDR\) of edge overlaps PodCIDR 10\.244\.0\.0\/16/)
  })

  it('fires on the chart default 10.0.0.0/8 in every cluster that leaves the pool unset', async () => {
    const text = helmRelease().replace(/\n {4}ipam:\n {6}mode: cluster-pool\n {6}operator:\n {8}clusterPoolIPv4PodCIDRList: \$\{POD_CIDR\}/, '')
    const {findings} = await run([CM205], mesh({shared: {[HELMRELEASE]: text}, clusters: ['infra', 'apps']}))
    assert.deepEqual(findings.map((f) => `${f.cluster}>${f.peer}`), ['apps>infra'])
    assert.match(findings[0].message, /10\.0\.0\.0\/8 \(chart 1\.18 default\)/)
  })

  it('compares IPv6 PodCIDRs too', async () => {
    const text = helmRelease().replace('    ipam:', '    ipv6:\n      enabled: true\n    ipam:').replace(
      'clusterPoolIPv4PodCIDRList: ${POD_CIDR}',
      'clusterPoolIPv4PodCIDRList: ${POD_CIDR}\n        clusterPoolIPv6PodCIDRList: ["${POD_CIDR6}"]',
    )
    const input = mesh({
      shared: {[HELMRELEASE]: text},
      settings: {infra: {POD_CIDR6: 'fd00:10::/56'}, apps: {POD_CIDR6: 'fd00:10:0:ff::/64'}, edge: {POD_CIDR6: 'fd00:30::/56'}},
    })
    const {findings} = await run([CM205], input)
    assert.deepEqual(findings.map((f) => `${f.cluster}>${f.peer}`), ['apps>infra'])
    assert.match(findings[0].message, /fd00:10:0:ff::\/64/)
  })

  it('is quiet on disjoint PodCIDRs, and skips a cluster whose PodCIDRs are unknown', async () => {
    assert.deepEqual((await run([CM205], mesh())).findings, [])
    const text = helmRelease().replace('mode: cluster-pool', 'mode: kubernetes')
    const input = mesh({shared: {[HELMRELEASE]: text}})
    delete input.clusters[2].settings.POD_CIDR
    const {findings, results} = await run([CM205], input)
    assert.deepEqual(findings, [])
    const edge = results.find((r) => r.cluster === 'edge' && !r.peer)
    assert.equal(edge?.status, 'skip')
    assert.match(edge?.reason ?? '', /POD_CIDR/)
  })
})

describe('CM206 pod-service-cidr-overlap', () => {
  it('fires on the story\'s mistake: apps PodCIDR 10.43.0.0/16 = infra ServiceCIDR', async () => {
    const input = mesh({
      clusters: ['infra', 'apps'],
      settings: {infra: {POD_CIDR: '10.42.0.0/16', SERVICE_CIDR: '10.43.0.0/16'}, apps: {POD_CIDR: '10.43.0.0/16', SERVICE_CIDR: '10.44.0.0/16'}},
    })
    const {findings} = await run([CM206], input)
    assert.deepEqual(brief(findings), [`CM206 apps>infra ${S('apps')}:${settingsLine(input, 'apps', 'POD_CIDR')}`])
    assert.equal(
      findings[0].message,
      'PodCIDR 10.43.0.0/16 (from POD_CIDR) of apps is the same range as ServiceCIDR 10.43.0.0/16 (from SERVICE_CIDR) of infra',
    )
    assert.deepEqual(findings[0].details, [`infra: ServiceCIDR 10.43.0.0/16 at ${S('infra')}:${settingsLine(input, 'infra', 'SERVICE_CIDR')}:17`])
  })

  it('fires when a PodCIDR overlaps another cluster\'s node network', async () => {
    const input = mesh({settings: {infra: {NODE_CIDR: '10.246.10.0/24'}}})
    const {findings} = await run([CM206], input)
    assert.deepEqual(findings.map((f) => `${f.cluster}>${f.peer}`), ['apps>infra'])
    assert.match(findings[0].message, /node network 10\.246\.10\.0\/24/)
  })

  it('is quiet when PodCIDRs stay clear of the others\' services and nodes', async () => {
    const {findings} = await run([CM206], mesh({settings: {infra: {NODE_CIDR: '192.168.10.0/24'}}}))
    assert.deepEqual(findings, [])
  })
})

describe('CM207 service-cidr-overlap', () => {
  it('fires on overlapping ServiceCIDRs', async () => {
    const input = mesh({settings: {apps: {SERVICE_CIDR: '10.245.0.0/16'}}})
    const {findings} = await run([CM207], input)
    assert.deepEqual(brief(findings), [`CM207 apps>infra ${S('apps')}:${settingsLine(input, 'apps', 'SERVICE_CIDR')}`])
    assert.equal(findings[0].severity, 'warning')
  })

  it('is quiet on distinct ServiceCIDRs', async () => {
    assert.deepEqual((await run([CM207], mesh())).findings, [])
  })
})

describe('CM221 datapath-mismatch', () => {
  it('fires when one cluster routes natively and the others tunnel', async () => {
    const text = helmRelease().replace('routingMode: tunnel', 'routingMode: ${ROUTING_MODE:=tunnel}')
    const input = mesh({shared: {[HELMRELEASE]: text}, settings: {edge: {ROUTING_MODE: 'native'}}, clusters: ['infra', 'edge']})
    const {findings} = await run([CM221], input)
    assert.deepEqual(brief(findings), [`CM221 edge>infra ${HELMRELEASE}:${lineOf(text, 'routingMode:')}`])
    assert.match(findings[0].message, /routingMode is native in edge but tunnel in infra/)
  })

  it('fires when the tunnel protocols differ', async () => {
    const text = helmRelease().replace('tunnelProtocol: vxlan', 'tunnelProtocol: ${TUNNEL:=vxlan}')
    const {findings} = await run([CM221], mesh({shared: {[HELMRELEASE]: text}, settings: {apps: {TUNNEL: 'geneve'}}}))
    assert.deepEqual(findings.map((f) => `${f.cluster}>${f.peer}`), ['apps>infra'])
    assert.match(findings[0].message, /tunnelProtocol is geneve in apps but vxlan in infra/)
  })

  it('fires when ipv4NativeRoutingCIDR covers only the own PodCIDR (the corpus shape)', async () => {
    const text = helmRelease()
      .replace('routingMode: tunnel', 'routingMode: native\n    ipv4NativeRoutingCIDR: ${POD_CIDR_STRING}')
    const input = mesh({
      shared: {[HELMRELEASE]: text},
      clusters: ['infra', 'apps'],
      settings: {infra: {POD_CIDR_STRING: '10.244.0.0/16'}, apps: {POD_CIDR_STRING: '10.246.0.0/16'}},
    })
    const {findings} = await run([CM221], input)
    assert.deepEqual(brief(findings), [
      `CM221 infra>apps ${S('infra')}:${settingsLine(input, 'infra', 'POD_CIDR_STRING')}`,
      `CM221 apps>infra ${S('apps')}:${settingsLine(input, 'apps', 'POD_CIDR_STRING')}`,
    ])
  })

  it('is quiet with native routing whose CIDR covers every cluster', async () => {
    const text = helmRelease().replace('routingMode: tunnel', 'routingMode: native\n    ipv4NativeRoutingCIDR: 10.240.0.0/12')
    assert.deepEqual((await run([CM221], mesh({shared: {[HELMRELEASE]: text}}))).findings, [])
  })
})
