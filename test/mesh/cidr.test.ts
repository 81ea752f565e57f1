// Address arithmetic used by the CIDR and LB checks (IPv4 and IPv6).
import assert from 'node:assert/strict'
import {contains, coveredBy, overlaps, parseBlock, parseCidr, parseCidrList, parseIp, parseRange} from '../../src/lib/mesh/cidr.js'

const c = (s: string) => {
  const r = parseCidr(s)
  assert.ok(r, s)
  return r
}

describe('mesh cidr', () => {
  it('reads CIDR lists in the forms settings use', () => {
    assert.deepEqual(parseCidrList('["10.244.0.0/16"]'), {cidrs: ['10.244.0.0/16'], invalid: []})
    assert.deepEqual(parseCidrList("['10.1.0.0/16', 'fd00::/104']"), {cidrs: ['10.1.0.0/16', 'fd00::/104'], invalid: []})
    assert.deepEqual(parseCidrList('10.1.0.0/16,10.2.0.0/16'), {cidrs: ['10.1.0.0/16', '10.2.0.0/16'], invalid: []})
    assert.deepEqual(parseCidrList(['10.0.0.0/8']), {cidrs: ['10.0.0.0/8'], invalid: []})
    assert.deepEqual(parseCidrList('10.244.0.0'), {cidrs: [], invalid: ['10.244.0.0']})
  })

  it('overlap and containment, across families kept apart', () => {
    assert.ok(overlaps(c('10.43.0.0/16'), c('10.43.128.0/17')))
    assert.ok(!overlaps(c('10.42.0.0/16'), c('10.43.0.0/16')))
    assert.ok(overlaps(c('fd00:10::/56'), c('fd00:10:0:ff::/64')))
    assert.ok(!overlaps(c('fd00:10::/56'), c('fd00:11::/56')))
    assert.ok(!overlaps(c('0.0.0.0/0'), c('::/0')))
    assert.ok(contains(c('10.240.0.0/12'), c('10.246.0.0/16')))
    assert.ok(!contains(c('10.244.0.0/16'), c('10.246.0.0/16')))
    // Host bits are ignored the way the kernel and Kubernetes do.
    assert.deepEqual(c('10.244.1.7/16').lo, c('10.244.0.0/16').lo)
  })

  it('covers a range with several CIDRs', () => {
    assert.ok(coveredBy(c('10.0.0.0/15'), [c('10.1.0.0/16'), c('10.0.0.0/16')]))
    assert.ok(!coveredBy(c('10.0.0.0/15'), [c('10.0.0.0/16')]))
  })

  it('reads LB pool blocks and single addresses strictly', () => {
    const block = parseBlock({start: '10.25.11.100', stop: '10.25.11.119'})
    assert.ok(block && contains(block, parseIp('10.25.11.119')!) && !contains(block, parseIp('10.25.11.120')!))
    assert.equal(parseBlock({start: '10.25.11.119', stop: '10.25.11.100'}), undefined)
    assert.ok(parseRange('2001:db8::10-2001:db8::20'))
    assert.equal(parseIp('10'), undefined)
    assert.equal(parseIp('0x0a000001'), undefined)
    assert.equal(parseCidr('10.0.0.0/33'), undefined)
  })
})
