// kubectl mesh init without a terminal, through the real CLI: flags and suggestions, --dry-run, --yes,
// refusals (exit 2, nothing written), a second run that changes nothing, and --check reported like lint.
import assert from 'node:assert/strict'
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {runCli} from '../support/cli.js'
import {cleanRepos, CORPUS, fingerprint, lintErrors, read, repoCopy} from './support.js'

const FLAGS = ['--name', 'edge', '--id', '9', '--pod-cidr', '10.252.0.0/16', '--service-cidr', '10.253.0.0/16', '--lb-pool', '10.25.12.0-10.25.12.19', '--lb-ip', '10.25.12.1']

describe('kubectl mesh init without a terminal', () => {
  after(cleanRepos)

  it('writes nothing and exits 2 without --yes, naming every missing flag', () => {
    const dir = repoCopy('cilium-names-2')
    const before = fingerprint(dir)
    const nameless = runCli(['init', '--repo', dir])
    assert.equal(nameless.code, 2, nameless.stderr)
    assert.match(nameless.stderr, /^Error: nothing written: missing: --name, --yes \(stdin is not a terminal/)
    const named = runCli(['init', '--repo', dir, '--name', 'edge'])
    assert.equal(named.code, 2)
    assert.match(named.stderr, /missing: --yes/)
    assert.doesNotMatch(named.stderr, /--name/)
    assert.deepEqual(fingerprint(dir), before)
  })

  it('--dry-run prints the plan as a diff and what is left to do, and writes nothing', () => {
    const dir = repoCopy('cluster-names-3')
    const before = fingerprint(dir)
    const run = runCli(['init', '--repo', dir, '--name', 'edge', '--dry-run'])
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /^Cluster edge \(id 4\) in the shape of lab: 6 new files, 5 edited\.\n/)
    assert.match(run.stdout, /^--- a\/kubernetes\/clusters\/infra\/cluster-settings\.yaml\n\+\+\+ b\/kubernetes\/clusters\/infra\/cluster-settings\.yaml\n@@ /m)
    assert.match(run.stdout, /^\+ {2}CLUSTERMESH_IP: "10\.25\.11\.160"$/m)
    assert.match(run.stdout, /^Dry run: nothing written\.$/m)
    assert.match(run.stdout, /A DNS record: clustermesh-edge\.example\.net → 10\.25\.11\.160/)
    assert.doesNotMatch(run.stdout, /\u001b\[/, 'no colour on a pipe')
    assert.deepEqual(fingerprint(dir), before)
  })

  it('--yes writes every answer given as a flag, lints the result clean, and a second run changes nothing', async () => {
    const dir = repoCopy('cluster-names-3')
    const run = runCli(['init', '--repo', dir, ...FLAGS, '--yes'])
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /^Wrote 11 files: /m)
    assert.match(run.stdout, /^lint of the result: lint passed: 0 errors, 0 warnings; \d+ checks, 0 skipped/m)
    assert.match(run.stdout, /flux bootstrap github --owner=example --repository=mesh-gitops --branch=main --path=kubernetes\/clusters\/edge/)
    assert.match(run.stdout, /kubectl mesh doctor --context edge,apps,infra,lab --repo /)
    assert.match(read(dir, 'kubernetes/clusters/edge/cluster-settings.yaml'), /CLUSTER_ID: "9"[^]*CLUSTERMESH_IP: "10\.25\.12\.1"[^]*CILIUM_GATEWAY_LB_IP: "10\.25\.12\.10"/)
    assert.deepEqual(await lintErrors(dir), [])
    const written = fingerprint(dir)
    const again = runCli(['init', '--repo', dir, ...FLAGS, '--yes'])
    assert.equal(again.code, 0, again.stderr)
    assert.equal(again.stdout, 'Nothing to change: cluster edge is already in the repository as these answers describe it.\n')
    assert.deepEqual(fingerprint(dir), written)
  })

  it('refuses an existing name with other answers, a taken id and an overlapping CIDR (exit 2, nothing written)', () => {
    const dir = repoCopy('cilium-names-2')
    const before = fingerprint(dir)
    const cases: [string[], RegExp][] = [
      [['--name', 'apps', '--id', '7'], /cluster apps already exists \(kubernetes\/clusters\/apps\) and differs from what init would write/],
      [['--name', 'edge', '--id', '2'], /--id 2: cluster id 2 is taken by apps/],
      [['--name', 'edge', '--pod-cidr', '10.43.128.0/17'], /--pod-cidr 10\.43\.128\.0\/17: 10\.43\.128\.0\/17 overlaps ServiceCIDR 10\.43\.0\.0\/16 of infra/],
      [['--name', 'edge', '--lb-ip', '10.25.11.100'], /--lb-ip 10\.25\.11\.100: 10\.25\.11\.100 is not inside the LB pool/],
      [['--name', 'Edge_1'], /--name Edge_1: the cluster name must be lower-case/],
    ]
    for (const [args, message] of cases) {
      const run = runCli(['init', '--repo', dir, ...args, '--yes'])
      assert.equal(run.code, 2, `${args.join(' ')}: ${run.stderr}`)
      assert.match(run.stderr, message)
    }
    assert.deepEqual(fingerprint(dir), before)
  })

  it('--check renders the plan and reports like lint: exit 0 when clean, 1 with an error, 2 for a bad answer', () => {
    const dir = repoCopy('cilium-names-2')
    const before = fingerprint(dir)
    const clean = runCli(['init', '--repo', dir, '--name', 'edge', '--check', '-o', 'json'])
    assert.equal(clean.code, 0, clean.stderr)
    const report = JSON.parse(clean.stdout)
    assert.equal(report.command, 'init')
    assert.equal(report.status, 'pass')
    assert.deepEqual(report.clusters.map((c: {name: string}) => c.name), ['apps', 'edge', 'infra'])
    assert.equal(report.root, dir)
    assert.match(report.notes.join('\n'), /new {4}kubernetes\/clusters\/edge\/cluster-settings\.yaml/)
    const example = repoCopy(join(process.cwd(), 'examples/mesh-repo'))
    const failing = runCli(['init', '--repo', example, '--name', 'edge', '--check', '-o', 'short'])
    assert.equal(failing.code, 1, failing.stderr)
    assert.match(failing.stdout, /^error CM206 \[apps→infra\]/m)
    const bad = runCli(['init', '--repo', dir, '--name', 'edge', '--id', '1', '--check'])
    assert.equal(bad.code, 2)
    assert.match(bad.stderr, /init --check: --id 1: cluster id 1 is taken by infra/)
    assert.deepEqual(fingerprint(dir), before)
  })

  it('--check on the corpus repository: the existing clusters\' own findings stay as lint reports them', function () {
    if (!existsSync(CORPUS)) {
      console.log(`      skipped: corpus not found at ${CORPUS}`)
      this.skip()
    }
    const lint = JSON.parse(runCli(['lint', CORPUS, '-o', 'json']).stdout)
    const check = runCli(['init', '--repo', CORPUS, '--name', 'edge', '--check', '-o', 'json'])
    const report = JSON.parse(check.stdout)
    type F = {id: string; cluster?: string; peer?: string; message: string}
    const key = (f: F) => `${f.id} ${f.cluster} ${f.message}`
    // Pairwise findings name the peers they compare (a new peer changes their text); single-cluster ones must not move.
    const existing = (fs: F[]) => fs.filter((f) => f.cluster !== 'edge' && f.peer === undefined)
    assert.deepEqual(existing(report.findings).map(key).sort(), existing(lint.findings).map(key).sort())
    const edge = report.clusters.find((c: {name: string}) => c.name === 'edge')
    assert.deepEqual([edge.id, edge.podCIDRs, edge.serviceCIDRs, edge.clustermesh.lbIP, edge.clustermesh.fqdn], [3, ['10.248.0.0/16'], ['10.249.0.0/16'], '10.25.11.140', 'clustermesh-edge.monosense.io'])
  })
})
