// The harness's own promises: a failed start says why (with the server's log), and nothing outlives a suite.
import {strict as assert} from 'node:assert'
import fs from 'node:fs'
import {spawnServer, waitReady} from './processes.js'
import {makeTmpDir} from './tmp.js'
import {findBinary, requireBinaries, stopTestEnv} from './index.js'

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('testenv harness', () => {
  it('a server that dies while starting fails with its exit code and log tail', async () => {
    const proc = spawnServer('doomed', '/bin/sh', ['-c', 'echo "listen tcp 127.0.0.1:1: bind: permission denied" >&2; exit 3'])
    await assert.rejects(
      waitReady(proc, 'doomed server', async () => false, 5000),
      (e: Error) => /doomed server: doomed exited \(code 3/.test(e.message) && /bind: permission denied/.test(e.message),
    )
  })

  it('a server that never gets ready is stopped and reported at the deadline', async () => {
    const proc = spawnServer('sleepy', '/bin/sh', ['-c', 'echo waiting; exec sleep 30'])
    await assert.rejects(waitReady(proc, 'sleepy server', async () => false, 300), /sleepy server: sleepy not ready after 0.3s[\s\S]*waiting/)
    assert.ok(proc.exited(), 'stopped after the failed start')
  })

  it('stopTestEnv kills every running server and removes the tmp dirs', async () => {
    const procs = [spawnServer('a', 'sleep', ['30']), spawnServer('b', 'sleep', ['30'])]
    const dir = makeTmpDir('harness')
    assert.ok(procs.every((p) => alive(p.pid)))
    await stopTestEnv()
    assert.ok(procs.every((p) => !alive(p.pid)))
    assert.equal(fs.existsSync(dir), false)
  })

  it('missing binaries skip the suite outside CI, and fail it under CI', () => {
    assert.equal(findBinary('no-such-server-binary'), undefined)
    const saved = process.env.CI
    try {
      process.env.CI = 'true'
      assert.throws(() => requireBinaries({skip() {}} as unknown as Mocha.Context, ['no-such' as 'etcd']), /CI must run the real-server tests/)
      delete process.env.CI
      let skipped = false
      const log = console.log
      console.log = () => {}
      try {
        requireBinaries({skip: () => (skipped = true)} as unknown as Mocha.Context, ['no-such' as 'etcd'])
      } finally {
        console.log = log
      }
      assert.ok(skipped)
    } finally {
      if (saved === undefined) delete process.env.CI
      else process.env.CI = saved
    }
  })
})
