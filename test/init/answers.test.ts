// Suggestions and validation of the answers, on the mesh models of the fixture repositories (and the example,
// whose apps PodCIDR is infra's ServiceCIDR): free ids, next free blocks, refusals that name the collision.
import assert from 'node:assert/strict'
import {join} from 'node:path'
import {resolveAnswers} from '../../src/lib/init/answers.js'
import {nextFreeCidr, parseCidr} from '../../src/lib/init/address-space.js'
import {meshOf, type Mesh, validateCidrs, validateId, validateLbIp, validateName, validatePool} from '../../src/lib/init/validate.js'
import {loadRepository} from '../../src/lib/lint/load.js'
import {ROOT} from '../support/cli.js'
import {FIXTURES} from './support.js'

const mesh = async (dir: string): Promise<Mesh> => meshOf((await loadRepository(dir)).model.clusters)

describe('init: suggested and validated answers', () => {
  let names3: Mesh
  let example: Mesh
  let cidr3: Mesh
  before(async () => {
    names3 = await mesh(join(FIXTURES, 'cluster-names-3'))
    cidr3 = await mesh(join(FIXTURES, 'cilium-names-3'))
    example = await mesh(join(ROOT, 'examples/mesh-repo'))
  })

  it('suggests the lowest free id and blocks that continue the clusters\' progression', () => {
    const r = resolveAnswers({name: 'edge'}, names3)
    assert.deepEqual(r.problems, [])
    assert.deepEqual(r.answers, {name: 'edge', id: 4, podCIDRs: ['10.250.0.0/16'], serviceCIDRs: ['10.251.0.0/16'], lbPool: '10.25.11.160-10.25.11.179', lbIP: '10.25.11.160'})
  })

  it('writes the pool as a CIDR where the repository does, and keeps the template\'s offset for the address', () => {
    const r = resolveAnswers({name: 'edge'}, cidr3)
    assert.equal(r.answers?.lbPool, '10.90.0.192/27')
    assert.equal(r.answers?.lbIP, '10.90.0.196')
    assert.match(resolveAnswers({name: 'edge', lbPool: '10.90.1.0-10.90.1.9'}, cidr3).problems.join(), /writes LB pools as CIDRs/)
  })

  it('skips a progression step that collides (the example\'s apps PodCIDR is infra\'s ServiceCIDR)', () => {
    const r = resolveAnswers({name: 'edge'}, example)
    assert.deepEqual(r.answers?.podCIDRs, ['10.45.0.0/16'])
    assert.deepEqual(r.answers?.serviceCIDRs, ['10.46.0.0/16'])
    assert.equal(r.answers?.secretPath, 'kubernetes/edge/cilium-clustermesh')
    const taken = [parseCidr('10.10.0.0/16')!, parseCidr('10.30.0.0/16')!]
    assert.equal(nextFreeCidr([parseCidr('10.10.0.0/16')!, parseCidr('10.20.0.0/16')!], 16, taken), '10.11.0.0/16')
  })

  it('refuses names Cilium refuses and names or ids that exist', () => {
    assert.match(validateName('Edge', names3)!, /lower-case/)
    assert.match(validateName('a'.repeat(33), names3)!, /33 characters/)
    assert.match(validateName('default', names3)!, /default/)
    assert.match(validateName('apps', names3)!, /cluster apps already exists \(kubernetes\/clusters\/apps\)/)
    assert.equal(validateName('edge-1', names3), undefined)
    assert.match(validateId(2, names3)!, /taken by apps/)
    assert.match(validateId(0, names3)!, /1\.\.255/)
    assert.match(validateId(256, names3)!, /1\.\.255/)
  })

  it('refuses overlaps with every cluster and with the answers given before, naming what collides', () => {
    assert.match(validateCidrs(['10.246.0.0/16'], 'pod', names3, {})!, /overlaps PodCIDR 10\.246\.0\.0\/16 of apps/)
    assert.match(validateCidrs(['10.0.0.0/8'], 'service', names3, {})!, /overlaps PodCIDR 10\.246\.0\.0\/16 of apps/)
    assert.match(validateCidrs(['10.250.0.0/16'], 'service', names3, {podCIDRs: ['10.250.0.0/16']})!, /overlaps PodCIDR 10\.250\.0\.0\/16 of the new cluster/)
    assert.match(validateCidrs(['10.250.1.0/16'], 'pod', names3, {})!, /host bits set; the network is 10\.250\.0\.0\/16/)
    assert.match(validatePool('10.25.11.130-10.25.11.170', names3, {})!, /overlaps LB pool apps-pool/)
    assert.match(validatePool('10.25.11', names3, {})!, /not a pool/)
    assert.match(validateLbIp('10.25.11.200', names3, {lbPool: '10.25.11.160-10.25.11.179'})!, /not inside the LB pool/)
    assert.match(validateLbIp('10.25.11.120', names3, {})!, /collides with LB pool/)
  })

  it('names every flag it cannot answer and every answer it cannot use', () => {
    const r = resolveAnswers({id: '2', podCIDR: 'nonsense'}, names3)
    assert.equal(r.answers, undefined)
    assert.deepEqual(r.missing, ['--name'])
    assert.deepEqual(r.problems, ['--id 2: cluster id 2 is taken by apps', '--pod-cidr nonsense: nonsense is not a CIDR (like 10.42.0.0/16)'])
  })
})
