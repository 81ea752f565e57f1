// Every check declares the commands that report it and what it needs (src/lib/checks/catalogue.ts). These tests
// hold the declarations to the code: the check sets each command runs, the reads doctor makes, and the reads each
// live check cannot do without. The docs pages' "Commands:" lines are held to the declarations in docs-pages.test.ts.
import {strict as assert} from 'node:assert'
import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {runCommand} from '@oclif/test'
import {CATALOGUE, COMMANDS, KUBE_READS, type CommandName, type KubeRead} from '../../src/lib/checks/catalogue.js'
import {CONNECT_CHECKS} from '../../src/lib/checks/connect/index.js'
import {DNS_CHECKS} from '../../src/lib/checks/dns/index.js'
import {GITOPS_CHECKS} from '../../src/lib/checks/gitops/index.js'
import {LIVE_CHECKS} from '../../src/lib/checks/live/index.js'
import {MESH_CHECKS} from '../../src/lib/checks/mesh/index.js'
import {checksNeeding, checksOf, needsExec} from '../../src/lib/checks/registry.js'
import {READ_OBJECT} from '../../src/lib/doctor/reads.js'
import type {ClusterReads} from '../../src/lib/doctor/types.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const ids = (checks: readonly {id: string}[]) => [...new Set(checks.map((c) => c.id))].sort()
const declared = (command: CommandName) => ids(checksOf(command))
// The renderer's findings (CM0xx) are run as checks by src/lib/lint/render-results.ts: the input category.
const INPUT = CATALOGUE.filter((c) => c.category === 'input')

describe('check declarations (catalogue commands and inputs)', () => {
  it('every check names at least one command, each a known one, in the canonical order', () => {
    for (const c of CATALOGUE) {
      assert.ok(c.commands.length > 0, `${c.id}: no command`)
      assert.deepEqual([...c.commands], COMMANDS.filter((x) => c.commands.includes(x)), `${c.id}: unknown or out-of-order commands ${c.commands.join(', ')}`)
      for (const r of c.inputs.kube ?? []) assert.ok(KUBE_READS.includes(r), `${c.id}: unknown kube read ${r}`)
    }
  })

  it('lint and init --check report the input, GitOps and mesh checks (init --check is lint on the planned repository)', () => {
    const lint = ids([...INPUT, ...GITOPS_CHECKS, ...MESH_CHECKS])
    assert.deepEqual(declared('lint'), lint)
    assert.deepEqual(declared('init --check'), lint)
    assert.match(readFileSync(join(root, 'src/lib/init/check.ts'), 'utf8'), /lintRepository\(scratch\.dir/)
  })

  it('doctor reports exactly the live checks', () => {
    assert.deepEqual(declared('doctor'), ids(LIVE_CHECKS))
  })

  it('connect-check reports its checks, CM301 and CM308 included', () => {
    assert.deepEqual(declared('connect-check'), ids(CONNECT_CHECKS))
    assert.ok(declared('connect-check').includes('CM301') && declared('connect-check').includes('CM308'))
  })

  it('dns-check reports its checks, CM301, and the repository input checks (with --repo)', () => {
    assert.deepEqual(declared('dns-check'), ids([...DNS_CHECKS, ...INPUT]))
    assert.match(readFileSync(join(root, 'src/lib/dnscheck/run.ts'), 'utf8'), /renderResults\(repo\.repo\.findings\.filter\(\(f\) => f\.id\.startsWith\('CM0'\)\)/)
  })

  it('doctor: every read it makes is declared by some check, and every declared read is one it makes', () => {
    const made = new Set<KubeRead>([...Object.values(READ_OBJECT), 'EndpointSlice'])
    for (const c of checksOf('doctor')) for (const r of c.inputs.kube ?? []) assert.ok(made.has(r), `${c.id} declares ${r}, which doctor never reads`)
    for (const r of made) assert.ok(checksNeeding('doctor', {kube: r}).length > 0, `doctor reads ${r} for no declared check`)
  })

  // The reads a live check passes to need() (or skips on by hand) are the reads whose failure skips it: each must
  // be declared, so that CM301 names the check when that read fails.
  it('doctor: every read a live check cannot do without is declared by it', () => {
    const dir = join(root, 'src/lib/checks/live')
    const helpers: Record<string, (keyof ClusterReads)[]> = {remoteSecret: ['apiserver', 'clustermeshSecret', 'kvstoremeshSecret']}
    for (const file of readdirSync(dir).filter((f) => /^CM\d{3}-.*\.ts$/.test(f) && !f.startsWith('CM301'))) {
      const id = file.slice(0, 5)
      const text = readFileSync(join(dir, file), 'utf8')
      const used = new Set<keyof ClusterReads>()
      for (const call of text.matchAll(/need\(ctx, \w+, ([^\n]*)\)/g)) {
        for (const m of call[1].matchAll(/reads\.(\w+)/g)) used.add(m[1] as keyof ClusterReads)
        for (const [helper, reads] of Object.entries(helpers)) if (call[1].includes(`${helper}(`)) for (const r of reads) used.add(r)
      }
      const def = CATALOGUE.find((c) => c.id === id)!
      for (const r of used) assert.ok(def.inputs.kube?.includes(READ_OBJECT[r]), `${id} needs ${r} (${READ_OBJECT[r]}) but does not declare it`)
    }
  })

  it('doctor execs into the agents only when a selected check declares it', () => {
    assert.deepEqual(ids(checksOf('doctor').filter((c) => c.inputs.exec?.length)), ['CM311'])
    assert.equal(needsExec('doctor', {}), true)
    assert.equal(needsExec('doctor', {only: new Set(['CM301', 'CM302'])}), false)
    assert.equal(needsExec('doctor', {skip: new Set(['CM311'])}), false)
  })

  it('kubectl mesh checks -o json lists id, name, severity, category, commands and inputs of every check', async () => {
    const {stdout, error} = await runCommand(['checks', '-o', 'json'], {root})
    assert.equal(error, undefined)
    const listed = JSON.parse(stdout) as {id: string; name: string; severity: string; category: string; commands: string[]; inputs: object}[]
    assert.deepEqual(listed.map((c) => c.id), CATALOGUE.map((c) => c.id))
    for (const [i, c] of CATALOGUE.entries()) {
      const {id, name, severity, category, commands, inputs} = listed[i]
      assert.deepEqual({id, name, severity, category, commands, inputs}, {id: c.id, name: c.name, severity: c.severity, category: c.category, commands: [...c.commands], inputs: c.inputs})
    }
    const cm301 = listed.find((c) => c.id === 'CM301')!
    assert.deepEqual(cm301.commands, ['doctor', 'connect-check', 'dns-check'])
    const doctor = JSON.parse((await runCommand(['checks', '--command', 'doctor', '-o', 'json'], {root})).stdout) as {id: string}[]
    assert.deepEqual(doctor.map((c) => c.id), declared('doctor'))
  })
})
