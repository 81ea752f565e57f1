// init's flags say what they do: --yes --dry-run is the scripted preview (the plan, exit 0, nothing asked, nothing
// written, on a pipe and on a terminal); the report flags belong to init --check and are refused without it (exit 2).
import assert from 'node:assert/strict'
import {join} from 'node:path'
import {ROOT, runCli} from '../support/cli.js'
import {cleanRepos, fingerprint, repoCopy} from './support.js'
import {hasTmux, TmuxSession} from './tmux.js'

const FLAGS = ['--name', 'edge', '--id', '9', '--pod-cidr', '10.252.0.0/16', '--service-cidr', '10.253.0.0/16', '--lb-pool', '10.25.12.0-10.25.12.19', '--lb-ip', '10.25.12.1']

describe('kubectl mesh init: honest flags', () => {
  after(cleanRepos)

  it('--yes --dry-run without a terminal prints the plan, writes nothing and exits 0', () => {
    const dir = repoCopy('cluster-names-3')
    const before = fingerprint(dir)
    const run = runCli(['init', '--repo', dir, ...FLAGS, '--yes', '--dry-run'])
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /^Cluster edge \(id 9\) in the shape of lab: /)
    assert.match(run.stdout, /^\+\+\+ b\/kubernetes\/clusters\/edge\/cluster-settings\.yaml$/m)
    assert.match(run.stdout, /^Dry run: nothing written\.$/m)
    assert.doesNotMatch(run.stdout, /^Wrote /m)
    assert.equal(run.stderr, '')
    assert.deepEqual(fingerprint(dir), before)
  })

  it('--yes --dry-run with only a name fills the rest from the suggestions, and still writes nothing', () => {
    const dir = repoCopy('cluster-names-3')
    const before = fingerprint(dir)
    const run = runCli(['init', '--repo', dir, '--name', 'edge', '--yes', '--dry-run'])
    assert.equal(run.code, 0, run.stderr)
    assert.match(run.stdout, /^Cluster edge \(id 4\) in the shape of lab: 6 new files, 5 edited\.\n/)
    assert.deepEqual(fingerprint(dir), before)
  })

  it('refuses the report flags without --check (exit 2, naming the flag, nothing written)', () => {
    const dir = repoCopy('cluster-names-3')
    const before = fingerprint(dir)
    const cases: [string[], RegExp][] = [
      [['-o', 'json'], /-o\/--output applies only to init --check/],
      [['--output=short'], /-o\/--output applies only to init --check/],
      [['--fail-on', 'warning'], /--fail-on applies only to init --check/],
      [['--min-severity', 'error'], /--min-severity applies only to init --check/],
      [['--exit-zero'], /--exit-zero applies only to init --check/],
      [['--timeout', '1m'], /--timeout applies only to init --check/],
      [['-v'], /-v\/--verbose applies only to init --check/],
      [['-o', 'json', '--timeout', '1m'], /-o\/--output, --timeout apply only to init --check/],
    ]
    for (const [i, [extra, message]] of cases.entries()) {
      for (const mode of i === 0 ? [[], ['--yes'], ['--dry-run'], ['--yes', '--dry-run']] : [['--yes']]) {
        const run = runCli(['init', '--repo', dir, ...FLAGS, ...mode, ...extra])
        assert.equal(run.code, 2, `${[...mode, ...extra].join(' ')}: ${run.stderr}`)
        assert.match(run.stderr, message, [...mode, ...extra].join(' '))
        assert.equal(run.stdout, '', 'no plan before the refusal')
      }
    }
    assert.deepEqual(fingerprint(dir), before)
  })

  it('with --check the report flags are taken: -o json, --fail-on, --min-severity, --exit-zero, --timeout', () => {
    const dir = repoCopy('cluster-names-3')
    const before = fingerprint(dir)
    const run = runCli(['init', '--repo', dir, ...FLAGS, '--check', '-o', 'json', '--fail-on', 'warning', '--min-severity', 'warning', '--exit-zero', '--timeout', '2m'])
    assert.equal(run.code, 0, run.stderr)
    const report = JSON.parse(run.stdout) as {command: string; schemaVersion: number}
    assert.equal(report.command, 'init')
    assert.equal(report.schemaVersion, 1)
    assert.deepEqual(fingerprint(dir), before)
  })

  describe('on a terminal', function () {
    const sessions: TmuxSession[] = []
    before(function () {
      if (!hasTmux()) {
        if (process.env.CI) throw new Error('tmux is missing: npm run testenv installs it')
        console.log('      skipped: tmux not installed (npm run testenv)')
        this.skip()
      }
    })
    afterEach(() => sessions.splice(0).forEach((s) => s.kill()))

    it('--yes --dry-run asks nothing: the plan, exit 0, nothing written', async () => {
      const dir = repoCopy('cilium-names-2')
      const before = fingerprint(dir)
      const node = join(ROOT, 'node_modules', '.bin', 'node')
      const t = TmuxSession.start(`cd ${ROOT} && KUBECONFIG=/nonexistent/kubeconfig NO_COLOR=1 ${node} --import tsx bin/dev.js init --repo ${dir} --name edge --yes --dry-run`)
      sessions.push(t)
      const done = await t.waitFor(/EXIT=\d+/, 60_000)
      assert.match(done, /Cluster edge \(id 3\)/)
      assert.match(done, /Dry run: nothing written\./)
      assert.doesNotMatch(done, /\? Cluster|Write these changes/)
      assert.match(done, /EXIT=0/)
      assert.deepEqual(fingerprint(dir), before)
    })
  })
})
