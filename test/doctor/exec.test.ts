// The exec path of src/lib/kube/exec.ts (client-node's Exec over a WebSocket) against the exec stand-in: both
// channel protocols, exit codes, refusals and a server that never finishes. The stand-in plays the kubelet end
// because no kubelet can run here; what it sends follows the Kubernetes exec protocol (see exec-standin.ts).
import {strict as assert} from 'node:assert'
import {KubeConfig} from '../../src/lib/kube/client.js'
import {execWith} from '../../src/lib/kube/exec.js'
import {agentStatus} from './agent-json.js'
import {type ExecReply, type ExecStandin, startExecStandin} from './exec-standin.js'

describe('doctor: exec into a pod over the Kubernetes exec WebSocket protocol', () => {
  let standin: ExecStandin
  let reply: ExecReply = {stdout: ''}
  const kc = new KubeConfig()

  before(async () => {
    standin = await startExecStandin(() => reply)
    kc.loadFromOptions({
      clusters: [{name: 's', server: standin.url, skipTLSVerify: true}],
      users: [{name: 'u', token: 't'}],
      contexts: [{name: 's', cluster: 's', user: 'u'}],
      currentContext: 's',
    })
  })
  after(() => standin.stop())

  const target = {namespace: 'kube-system', pod: 'cilium-x', container: 'cilium-agent', command: ['cilium-dbg', 'status', '-o', 'json']}
  const run = (timeoutMs = 3000) => execWith(kc, {context: 'east', server: standin.url}, target, timeoutMs)

  for (const protocol of ['v5.channel.k8s.io', 'v4.channel.k8s.io'] as const) {
    it(`returns stdout, stderr and exit code 0 (${protocol})`, async () => {
      standin.protocol = protocol
      const json = agentStatus([{name: 'west', id: 2}])
      reply = {stdout: json, stderr: 'level=info msg=ok'}
      const r = await run()
      assert.deepEqual(r, {ok: true, value: {stdout: json, stderr: 'level=info msg=ok', exitCode: 0}})
      assert.deepEqual(standin.requests.at(-1), target, 'pod, container and command reach the server')
    })
  }

  it('reads a non-zero exit code from the final Status', async () => {
    standin.protocol = undefined
    reply = {stderr: 'exec: "cilium-dbg": executable file not found in $PATH', exitCode: 127}
    const r = await run()
    assert.ok(r.ok)
    assert.equal(r.value.exitCode, 127)
    assert.match(r.value.stderr, /executable file not found/)
  })

  it('carries a large output whole (frames with 64-bit lengths)', async () => {
    const big = 'x'.repeat(200_000)
    reply = {stdout: big}
    const r = await run()
    assert.ok(r.ok && r.value.stdout === big)
  })

  it('a refused upgrade is a typed failure naming pods/exec (403 forbidden, 404 not found)', async () => {
    reply = {httpStatus: 403}
    const denied = await run()
    assert.ok(!denied.ok)
    assert.deepEqual({kind: denied.error.kind, resource: denied.error.resource, name: denied.error.name, namespace: denied.error.namespace}, {kind: 'forbidden', resource: 'pods/exec', name: 'cilium-x', namespace: 'kube-system'})
    reply = {httpStatus: 404}
    const missing = await run()
    assert.ok(!missing.ok && missing.error.kind === 'not-found')
  })

  it('a server that opens the stream and never finishes is a timeout, not a hang', async () => {
    reply = {hang: true}
    const started = Date.now()
    const r = await run(400)
    assert.ok(!r.ok && r.error.kind === 'unreachable' && r.error.cause === 'timeout', JSON.stringify(r))
    assert.match(r.error.message, /exec in pod cilium-x \(east\) did not finish within 0\.4s/)
    assert.ok(Date.now() - started < 1500)
  })

  it('a closed port is unreachable (refused)', async () => {
    const closed = new KubeConfig()
    closed.loadFromOptions({clusters: [{name: 's', server: 'http://127.0.0.1:1', skipTLSVerify: true}], users: [{name: 'u'}], contexts: [{name: 's', cluster: 's', user: 'u'}], currentContext: 's'})
    const r = await execWith(closed, {context: 'east', server: 'http://127.0.0.1:1'}, target, 2000)
    assert.ok(!r.ok && r.error.kind === 'unreachable' && r.error.cause === 'refused', JSON.stringify(r))
  })
})
