import {strict as assert} from 'node:assert'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {stringify} from 'yaml'
import {UsageError} from '../../src/lib/cli/errors.js'
import {selectContexts, splitContextFlags} from '../../src/lib/kube/contexts.js'
import {kubeOptionsFromFlags} from '../../src/lib/kube/flags.js'
import {kubeconfigPaths, readKubeconfigs} from '../../src/lib/kube/kubeconfig-load.js'
import {type KubeconfigSource, mergeKubeconfigs} from '../../src/lib/kube/kubeconfig-merge.js'

const cluster = (name: string, server: string, extra = {}) => ({name, cluster: {server, ...extra}})
const user = (name: string, body: Record<string, unknown> = {token: `token-of-${name}`}) => ({name, user: body})
const context = (name: string, c: string, u: string, namespace?: string) => ({name, context: {cluster: c, user: u, ...(namespace ? {namespace} : {})}})

const fileA: KubeconfigSource = {
  path: '/home/a/.kube/a.yaml',
  doc: {
    'current-context': 'east',
    clusters: [cluster('east', 'https://east-from-a:6443'), cluster('shared', 'https://shared-from-a:6443')],
    users: [user('admin')],
    contexts: [context('east', 'east', 'admin'), context('shared', 'shared', 'admin', 'from-a')],
  },
}
const fileB: KubeconfigSource = {
  path: '/etc/b/b.yaml',
  doc: {
    'current-context': 'west',
    clusters: [cluster('west', 'https://west:6443'), cluster('shared', 'https://shared-from-b:6443')],
    users: [user('admin', {token: 'other'}), user('ops')],
    contexts: [context('west', 'west', 'ops'), context('shared', 'shared', 'ops', 'from-b')],
  },
}

describe('kubeconfig merge (kubectl rules)', () => {
  const cases: {title: string; sources: KubeconfigSource[]; expect: (m: ReturnType<typeof mergeKubeconfigs>) => void}[] = [
    {
      title: 'the first file to define a cluster name wins, whole entry',
      sources: [fileA, fileB],
      expect: (m) => assert.equal(m.clusters.find((c) => c.name === 'shared')?.body.server, 'https://shared-from-a:6443'),
    },
    {
      title: 'order matters: reversed files, reversed winner',
      sources: [fileB, fileA],
      expect: (m) => assert.equal(m.clusters.find((c) => c.name === 'shared')?.body.server, 'https://shared-from-b:6443'),
    },
    {
      title: 'users and contexts follow the same rule, and entries are never merged field by field',
      sources: [fileA, fileB],
      expect: (m) => {
        assert.deepEqual(m.users.find((u) => u.name === 'admin')?.body, {token: 'token-of-admin'})
        assert.deepEqual(m.contexts.find((c) => c.name === 'shared')?.body, {cluster: 'shared', user: 'admin', namespace: 'from-a'})
      },
    },
    {
      title: 'names defined by only one file are all kept, in file order',
      sources: [fileA, fileB],
      expect: (m) => {
        assert.deepEqual(m.clusters.map((c) => c.name), ['east', 'shared', 'west'])
        assert.deepEqual(m.users.map((u) => u.name), ['admin', 'ops'])
        assert.deepEqual(m.contexts.map((c) => c.name), ['east', 'shared', 'west'])
      },
    },
    {
      title: 'current-context comes from the first file that sets it',
      sources: [fileA, fileB],
      expect: (m) => assert.deepEqual([m.currentContext, m.currentContextFrom], ['east', fileA.path]),
    },
    {
      title: 'a file without current-context (or with an empty one) does not hide a later one',
      sources: [{path: '/x/empty-current.yaml', doc: {'current-context': '', clusters: []}}, {path: '/x/none.yaml', doc: {}}, fileB],
      expect: (m) => assert.deepEqual([m.currentContext, m.currentContextFrom], ['west', fileB.path]),
    },
    {
      title: 'an empty file is allowed and contributes nothing',
      sources: [{path: '/x/empty.yaml', doc: null}, fileB],
      expect: (m) => assert.equal(m.clusters.length, 2),
    },
    {
      title: 'relative file paths resolve against the directory of the file that defined the entry',
      sources: [
        {
          path: '/etc/kube/conf.yaml',
          doc: {
            clusters: [cluster('c', 'https://c', {'certificate-authority': 'pki/ca.crt'})],
            users: [
              user('u', {'client-certificate': 'u.crt', 'client-key': '/abs/u.key', tokenFile: '../t', exec: {command: './bin/login', args: []}}),
              user('v', {exec: {command: 'kubelogin'}}),
            ],
          },
        },
      ],
      expect: (m) => {
        assert.equal(m.clusters[0].body['certificate-authority'], '/etc/kube/pki/ca.crt')
        assert.equal(m.users[0].body['client-certificate'], '/etc/kube/u.crt')
        assert.equal(m.users[0].body['client-key'], '/abs/u.key')
        assert.equal(m.users[0].body.tokenFile, '/etc/t')
        assert.equal((m.users[0].body.exec as {command: string}).command, '/etc/kube/bin/login')
        assert.equal((m.users[1].body.exec as {command: string}).command, 'kubelogin', 'a bare command is looked up on PATH')
      },
    },
  ]
  for (const c of cases) it(c.title, () => c.expect(mergeKubeconfigs(c.sources)))

  const broken: {title: string; doc: unknown; message: RegExp}[] = [
    {title: 'a name twice in one file', doc: {clusters: [cluster('a', 'x'), cluster('a', 'y')]}, message: /clusters has "a" twice/},
    {title: 'an entry without a name', doc: {users: [{user: {}}]}, message: /users\[0\] has no name/},
    {title: 'a section that is not a list', doc: {contexts: {a: 1}}, message: /"contexts" must be a list/},
    {title: 'a document that is not a mapping', doc: ['a'], message: /not a kubeconfig/},
  ]
  for (const b of broken) {
    it(`refuses ${b.title} (usage error naming the file)`, () => {
      assert.throws(() => mergeKubeconfigs([{path: '/x/bad.yaml', doc: b.doc}]), (e: Error) => e instanceof UsageError && b.message.test(e.message) && e.message.includes('/x/bad.yaml'))
    })
  }
})

describe('context selection', () => {
  const merged = mergeKubeconfigs([fileA, fileB])
  const cases: {title: string; flags: Parameters<typeof selectContexts>[1]; expect: string[] | RegExp}[] = [
    {title: 'no flag: current-context', flags: {}, expect: ['east']},
    {title: '--context repeated and comma-separated, duplicates dropped, order kept', flags: {context: ['west,shared', 'west', ' east ']}, expect: ['west', 'shared', 'east']},
    {title: '--all-contexts: every context in kubeconfig order', flags: {allContexts: true}, expect: ['east', 'shared', 'west']},
    {title: 'an unknown context is a usage error listing the known ones', flags: {context: ['east,nope']}, expect: /unknown context "nope"; the kubeconfig has: east, shared, west/},
    {title: '--context with --all-contexts is refused', flags: {context: ['east'], allContexts: true}, expect: /cannot be used together/},
  ]
  for (const c of cases) {
    it(c.title, () => {
      if (Array.isArray(c.expect)) assert.deepEqual(selectContexts(merged, c.flags), c.expect)
      else assert.throws(() => selectContexts(merged, c.flags), (e: Error) => e instanceof UsageError && (c.expect as RegExp).test(e.message))
    })
  }
  it('without current-context the user is told to pass --context', () => {
    const none = mergeKubeconfigs([{path: '/x/c.yaml', doc: {contexts: [context('a', 'a', 'u')]}}])
    assert.throws(() => selectContexts(none, {}), /no current-context in the kubeconfig; pass --context NAME or --all-contexts \(contexts: a\)/)
  })
  it('a current-context naming no context is reported with the file that set it', () => {
    const dangling = mergeKubeconfigs([{path: '/x/d.yaml', doc: {'current-context': 'gone', contexts: [context('a', 'a', 'u')]}}])
    assert.throws(() => selectContexts(dangling, {}), /current-context "gone" \(\/x\/d.yaml\) is not a context/)
  })
  it('splits flag values', () => assert.deepEqual(splitContextFlags(['a,,b', 'b', '']), ['a', 'b']))
})

describe('kubeconfig files (which are read)', () => {
  let dir: string
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubectl-mesh-kcfg-'))
    fs.writeFileSync(path.join(dir, 'a.yaml'), stringify(fileA.doc))
    fs.writeFileSync(path.join(dir, 'b.yaml'), stringify(fileB.doc))
    fs.mkdirSync(path.join(dir, 'home', '.kube'), {recursive: true})
    fs.writeFileSync(path.join(dir, 'home', '.kube', 'config'), stringify(fileB.doc))
    fs.writeFileSync(path.join(dir, 'bad.yaml'), 'clusters: [\n  - name: x\n token: secret-value\n')
  })
  after(() => fs.rmSync(dir, {recursive: true, force: true}))
  const p = (f: string) => path.join(dir, f)

  it('--kubeconfig alone is read, even when KUBECONFIG is set', () => {
    assert.deepEqual(kubeconfigPaths({kubeconfig: p('b.yaml'), env: {KUBECONFIG: p('a.yaml')}, home: p('home')}), [p('b.yaml')])
  })
  it('--kubeconfig naming a missing file is a usage error', () => {
    assert.throws(() => kubeconfigPaths({kubeconfig: p('nope.yaml'), env: {}, home: p('home')}), (e: Error) => e instanceof UsageError && /does not exist/.test(e.message))
  })
  it('KUBECONFIG: existing files in order, missing ones skipped, duplicates once', () => {
    const list = [p('missing.yaml'), p('a.yaml'), '', p('b.yaml'), p('a.yaml')].join(path.delimiter)
    assert.deepEqual(kubeconfigPaths({env: {KUBECONFIG: list}, home: p('home')}), [p('a.yaml'), p('b.yaml')])
  })
  it('KUBECONFIG with no existing file is a usage error (no invented "loaded-context")', () => {
    assert.throws(() => kubeconfigPaths({env: {KUBECONFIG: p('missing.yaml')}, home: p('home')}), /no kubeconfig: none of the files in KUBECONFIG exists/)
  })
  it('falls back to ~/.kube/config, and says so when it is missing too', () => {
    assert.deepEqual(kubeconfigPaths({env: {}, home: p('home')}), [p('home/.kube/config')])
    assert.throws(() => kubeconfigPaths({env: {}, home: p('nobody')}), /no kubeconfig: .*nobody\/.kube\/config does not exist; pass --kubeconfig or set KUBECONFIG/)
  })
  it('merges the files it reads', () => {
    const merged = readKubeconfigs([p('b.yaml'), p('a.yaml')])
    assert.equal(merged.currentContext, 'west')
    assert.equal(merged.clusters.find((c) => c.name === 'shared')?.body.server, 'https://shared-from-b:6443')
  })
  it('invalid YAML is a usage error with the file and line, never the content', () => {
    assert.throws(
      () => readKubeconfigs([p('bad.yaml')]),
      (e: Error) => e instanceof UsageError && e.message.includes(p('bad.yaml')) && /line \d+/.test(e.message) && !e.message.includes('secret-value'),
    )
  })
})

describe('kube flags', () => {
  it('turn into openClusters options, with kubectl durations', () => {
    assert.deepEqual(kubeOptionsFromFlags({kubeconfig: '/k', context: ['a,b'], 'request-timeout': '1m30s'}), {
      kubeconfig: '/k',
      context: ['a,b'],
      allContexts: false,
      requestTimeoutMs: 90_000,
    })
    assert.equal(kubeOptionsFromFlags({}).requestTimeoutMs, 10_000)
    assert.throws(() => kubeOptionsFromFlags({'request-timeout': 'soon'}), (e: Error) => e instanceof UsageError && /--request-timeout/.test(e.message))
  })
})
