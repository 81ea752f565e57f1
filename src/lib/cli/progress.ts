// Progress on stderr, only on a TTY with a non-zero width (ora spins forever at 0 columns).
import type {Ora} from 'ora'

export class Progress {
  private spinner: Ora | undefined
  private readonly enabled: boolean

  constructor(private readonly stream: NodeJS.WriteStream) {
    this.enabled = Boolean(stream.isTTY) && (stream.columns ?? 0) > 0 && process.env.TERM !== 'dumb' && process.env.CI === undefined
  }

  async update(text: string): Promise<void> {
    if (!this.enabled) return
    if (!this.spinner) {
      const {default: ora} = await import('ora')
      this.spinner = ora({stream: this.stream, text, discardStdin: false}).start()
      return
    }
    this.spinner.text = text
  }

  stop(): void {
    this.spinner?.stop()
    this.spinner = undefined
  }
}
