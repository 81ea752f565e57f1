// In-place YAML edits: only the changed characters move; comments, order, quoting and `---` stay.
import assert from 'node:assert/strict'
import {isMap, isSeq, parse, type YAMLMap, type YAMLSeq} from 'yaml'
import {insertPairAfter, insertSeqItem, removePair, removeSeqItem, YamlEditError, YamlText} from '../../src/lib/init/yaml-text.js'

const SETTINGS = `---
# settings of infra
apiVersion: v1
kind: ConfigMap
data:
  # identity
  CLUSTER: infra   # the name
  CLUSTER_ID: "1"
  POOL: '10.0.0.1'

  # peers
  APPS_FQDN: "clustermesh-apps.example.net"
`

function dataMap(t: YamlText): YAMLMap {
  const map = t.docs[0]!.get('data', true)
  assert.ok(isMap(map))
  return map
}

describe('init: YAML edits in place', () => {
  it('sets scalars in their own style and leaves every other byte alone', () => {
    const t = new YamlText('s.yaml', SETTINGS)
    const map = dataMap(t)
    t.setScalar(map.get('CLUSTER', true) as never, 'edge')
    t.setScalar(map.get('CLUSTER_ID', true) as never, '2')
    t.setScalar(map.get('POOL', true) as never, "it's")
    const out = t.result()
    assert.equal(
      out,
      SETTINGS.replace('CLUSTER: infra', 'CLUSTER: edge').replace('CLUSTER_ID: "1"', 'CLUSTER_ID: "2"').replace("POOL: '10.0.0.1'", "POOL: 'it''s'"),
    )
    assert.deepEqual(parse(out).data, {CLUSTER: 'edge', CLUSTER_ID: '2', POOL: "it's", APPS_FQDN: 'clustermesh-apps.example.net'})
  })

  it('quotes a plain value that would no longer read as a string', () => {
    const t = new YamlText('s.yaml', 'data:\n  CLUSTER: infra\n')
    t.setScalar(dataMap(t).get('CLUSTER', true) as never, '123')
    assert.equal(t.result(), 'data:\n  CLUSTER: "123"\n')
  })

  it('inserts a pair after another one with its indentation and quoting, and removes one with its line', () => {
    const t = new YamlText('s.yaml', SETTINGS)
    const map = dataMap(t)
    insertPairAfter(t, map, 'APPS_FQDN', 'EDGE_FQDN', 'clustermesh-edge.example.net', 'QUOTE_DOUBLE')
    insertPairAfter(t, map, 'CLUSTER', 'CLUSTER_DOMAIN', 'example.net', 'PLAIN')
    removePair(t, map, 'POOL')
    const out = t.result()
    assert.match(out, /CLUSTER: infra {3}# the name\n {2}CLUSTER_DOMAIN: example.net\n {2}CLUSTER_ID: "1"\n\n/)
    assert.match(out, /APPS_FQDN: "clustermesh-apps.example.net"\n {2}EDGE_FQDN: "clustermesh-edge.example.net"\n$/)
    assert.doesNotMatch(out, /POOL/)
    assert.ok(out.startsWith('---\n# settings of infra\n'))
  })

  it('adds and removes sequence items, block and flow, keeping arrival order at one place', () => {
    const text = 'resources:\n  - infra\n  - apps # second\nflow: [a, "b"]\nclusters:\n  - name: a\n    port: 1\n  - name: b\n    port: 2\n'
    const t = new YamlText('k.yaml', text)
    const doc = t.docs[0]!
    const resources = doc.get('resources', true) as YAMLSeq
    insertSeqItem(t, resources, 1, 'edge')
    insertSeqItem(t, resources, 1, 'lab')
    insertSeqItem(t, doc.get('flow', true) as YAMLSeq, 1, 'c')
    const clusters = doc.get('clusters', true) as YAMLSeq
    assert.ok(isSeq(clusters))
    insertSeqItem(t, clusters, 1, 'name: c\nport: 3')
    removeSeqItem(t, clusters, 0)
    assert.equal(t.result(), 'resources:\n  - infra\n  - apps # second\n  - edge\n  - lab\nflow: [a, "b", c]\nclusters:\n  - name: b\n    port: 2\n  - name: c\n    port: 3\n')
  })

  it('lists comments with their offsets and refuses edits that would break the file', () => {
    const t = new YamlText('s.yaml', SETTINGS)
    assert.deepEqual(t.comments().map((c) => c.text), ['# settings of infra', '# identity', '# the name', '# peers'])
    for (const c of t.comments()) assert.equal(SETTINGS.slice(c.start, c.end), c.text)
    const broken = new YamlText('s.yaml', SETTINGS)
    broken.replaceRange(SETTINGS.indexOf('CLUSTER:'), SETTINGS.indexOf('CLUSTER:') + 8, 'CLUSTER_ID:')
    assert.throws(() => broken.result(), YamlEditError)
    assert.throws(() => new YamlText('bad.yaml', 'a: [1\n'), YamlEditError)
  })
})
