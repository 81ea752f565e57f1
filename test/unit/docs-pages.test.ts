// The check pages are the user's manual (`kubectl mesh explain`, SARIF helpUri): one per catalogue id, same shape.
import {strict as assert} from 'node:assert'
import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {runCommand} from '@oclif/test'
import {parseAllDocuments} from 'yaml'
import {CATALOGUE} from '../../src/lib/checks/catalogue.js'
import {readCheckPage} from '../../src/lib/docs/pages.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const pagesDir = join(root, 'docs', 'checks')
const SECTIONS = ['## What it means', '## Why Cilium cares', '## How to fix', '## Example']

/**
 * The commands a page names on its "Severity: … · Commands: a, b (qualifier), c" line, qualifiers dropped. The
 * catalogue's `commands` declaration is the truth (test/unit/check-declarations.test.ts holds it to the code).
 */
function pageCommands(meta: string): string[] | undefined {
  const m = / · Commands: (.+)$/.exec(meta)
  return m?.[1].split(/,\s*(?![^(]*\))/).map((c) => c.replace(/\s*\(.*\)$/, '').trim())
}

function page(id: string): string {
  const text = readCheckPage(id, root)
  assert.ok(text, `docs/checks/${id}.md is missing`)
  return text
}

describe('docs/checks pages', () => {
  it('every catalogue id has a page titled "# <id> <name>" with severity and commands that match the catalogue', () => {
    for (const check of CATALOGUE) {
      const lines = page(check.id).split('\n')
      assert.equal(lines[0], `# ${check.id} ${check.name}`, `${check.id}: title line`)
      const meta = lines.find((l) => l.startsWith('Severity: '))
      assert.ok(meta, `${check.id}: no "Severity:" line`)
      assert.ok(meta.startsWith(`Severity: ${check.severity}`), `${check.id}: severity in "${meta}" is not ${check.severity}`)
      assert.deepEqual(pageCommands(meta), [...check.commands], `${check.id}: "${meta}" should name the commands of the catalogue: ${check.commands.join(', ')}`)
    }
  })

  it('every page has the four sections, in order, each with content', () => {
    for (const {id} of CATALOGUE) {
      const text = page(id)
      const positions = SECTIONS.map((s) => text.split('\n').indexOf(s))
      assert.ok(positions.every((p) => p > 0), `${id}: missing one of ${SECTIONS.join(', ')}`)
      assert.deepEqual([...positions].sort((a, b) => a - b), positions, `${id}: sections out of order`)
      const bodies = text.split(/^## .*$/m).slice(1)
      for (const [i, body] of bodies.entries()) assert.ok(body.trim().length > 40, `${id}: section ${SECTIONS[i]} is empty`)
    }
  })

  it('every page links to at least one https source, and Cilium sources are pinned to a release', () => {
    for (const {id} of CATALOGUE) {
      const text = page(id)
      const links = [...text.matchAll(/\((https:\/\/[^)\s]+)\)/g)].map((m) => m[1])
      assert.ok(links.length > 0, `${id}: no https link`)
      for (const link of links) {
        assert.doesNotThrow(() => new URL(link), `${id}: malformed link ${link}`)
        if (link.startsWith('https://github.com/cilium/cilium/blob/')) {
          assert.match(link, /^https:\/\/github\.com\/cilium\/cilium\/blob\/v1\.\d+\.\d+\//, `${id}: unpinned Cilium link ${link}`)
        }
      }
    }
  })

  it('every YAML example parses, so it can be copied as is', () => {
    for (const {id} of CATALOGUE) {
      for (const [, block] of page(id).matchAll(/```yaml\n([\s\S]*?)```/g)) {
        for (const doc of parseAllDocuments(block)) {
          assert.deepEqual(doc.errors.map((e) => e.message), [], `${id}: YAML example does not parse:\n${block}`)
        }
      }
    }
  })

  it('every page file belongs to a catalogue id', () => {
    const ids = new Set(CATALOGUE.map((c) => c.id))
    const files = readdirSync(pagesDir)
    for (const file of files) {
      const m = /^(CM\d{3})\.md$/.exec(file)
      assert.ok(m && ids.has(m[1]), `docs/checks/${file} is not a page of a catalogue check`)
    }
    assert.equal(files.length, CATALOGUE.length)
  })

  it('kubectl mesh explain prints the page, by id and by name', async () => {
    const byId = await runCommand(['explain', 'CM203'], {root})
    assert.equal(byId.error, undefined)
    assert.equal(byId.stdout.trimEnd(), readFileSync(join(pagesDir, 'CM203.md'), 'utf8').trimEnd())
    const byName = await runCommand(['explain', 'peer-port-mismatch'], {root})
    assert.match(byName.stdout, /^# CM605 peer-port-mismatch\n/)
    assert.match(byName.stdout, /## How to fix/)
  })
})

describe('docs/rbac.yaml', () => {
  type Rule = {apiGroups: string[]; resources: string[]; verbs: string[]; resourceNames?: string[]}
  type Obj = {kind: string; metadata: {name: string; namespace?: string}; rules?: Rule[]}
  const objects = parseAllDocuments(readFileSync(join(root, 'docs', 'rbac.yaml'), 'utf8')).map((d) => d.toJS() as Obj)
  const rules = (kind: string) => objects.find((o) => o.kind === kind)?.rules ?? []
  const grants = (rs: Rule[], group: string, resource: string) =>
    rs.filter((r) => r.apiGroups.includes(group) && r.resources.includes(resource))

  it('is a ClusterRole and a kube-system Role, each with a binding, and grants only reads plus exec', () => {
    assert.deepEqual(objects.map((o) => o.kind).sort(), ['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding'])
    assert.equal(objects.find((o) => o.kind === 'Role')?.metadata.namespace, 'kube-system')
    for (const rule of [...rules('ClusterRole'), ...rules('Role')]) {
      const writes = rule.verbs.filter((v) => !['get', 'list'].includes(v))
      if (rule.resources.includes('pods/exec')) assert.deepEqual(writes, ['create'])
      else assert.deepEqual(writes, [], `write verbs on ${rule.resources.join(',')}`)
    }
  })

  it('reads Secrets only by name (no list), and covers every object the doctor checks read', () => {
    const secrets = grants(rules('Role'), '', 'secrets')
    assert.equal(secrets.length, 1)
    assert.deepEqual(secrets[0].verbs, ['get'])
    for (const name of ['cilium-clustermesh', 'cilium-kvstoremesh', 'cilium-ca', 'clustermesh-apiserver-server-cert', 'clustermesh-apiserver-remote-cert']) {
      assert.ok(secrets[0].resourceNames?.includes(name), `secret ${name}`)
    }
    assert.ok(!grants(rules('ClusterRole'), '', 'secrets').length, 'no cluster-wide secrets')
    const role = rules('Role')
    for (const [group, resource] of [['', 'configmaps'], ['', 'services'], ['', 'pods'], ['apps', 'daemonsets'], ['apps', 'deployments'], ['external-secrets.io', 'externalsecrets']]) {
      assert.ok(grants(role, group, resource).some((r) => r.verbs.includes('get') && r.verbs.includes('list')), `${group}/${resource}`)
    }
    assert.deepEqual(grants(role, '', 'pods/exec')[0]?.verbs.sort(), ['create', 'get'])
    const cluster = rules('ClusterRole')
    for (const [group, resource] of [['', 'nodes'], ['cilium.io', 'ciliumnodes'], ['cilium.io', 'ciliumloadbalancerippools']]) {
      assert.ok(grants(cluster, group, resource).some((r) => r.verbs.includes('list')), `${group}/${resource}`)
    }
  })
})
