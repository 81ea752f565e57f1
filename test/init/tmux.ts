// A real pseudo-terminal for the interactive tests: one tmux server on a private socket per session, driven
// with send-keys and read with capture-pane. kill() stops that server (and so the processes it started).
import {spawnSync} from 'node:child_process'
import {readFileSync} from 'node:fs'
import {setTimeout as sleep} from 'node:timers/promises'

export const hasTmux = () => spawnSync('tmux', ['-V']).status === 0

let counter = 0

export class TmuxSession {
  private constructor(private readonly socket: string) {}

  /** Runs `command` in a 160x50 terminal; the pane prints EXIT=<code> when it ends, then stays open. */
  static start(command: string): TmuxSession {
    const s = new TmuxSession(`kubectl-mesh-init-${process.pid}-${counter++}`)
    s.tmux('new-session', '-d', '-s', 'main', '-x', '160', '-y', '50', `${command}; echo "EXIT=$?"; sleep 600`)
    return s
  }

  private tmux(...args: string[]): string {
    const r = spawnSync('tmux', ['-L', this.socket, ...args], {encoding: 'utf8'})
    if (r.status !== 0) throw new Error(`tmux ${args[0]}: ${r.stderr}`)
    return r.stdout
  }

  /** Literal text, then keys such as Enter or C-c. */
  type(text: string, ...keys: string[]): void {
    if (text) this.tmux('send-keys', '-t', 'main', '-l', text)
    if (keys.length) this.tmux('send-keys', '-t', 'main', ...keys)
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-t', 'main', '-S', '-2000')
  }

  async waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const text = this.screen()
      if (pattern.test(text)) return text
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}; the terminal shows:\n${text}`)
      await sleep(100)
    }
  }

  /** The pid of the command run in the pane (the child of the pane's shell). */
  commandPid(): number {
    const shell = this.tmux('display-message', '-p', '-t', 'main', '#{pane_pid}').trim()
    const children = readFileSync(`/proc/${shell}/task/${shell}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)
    if (!children[0]) throw new Error('the pane runs no command')
    return Number(children[0])
  }

  kill(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server'])
  }
}
