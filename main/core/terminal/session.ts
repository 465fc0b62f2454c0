// Runs in: main, CLI, headless server.
// One terminal: a remote byte stream (an SSH shell channel, or a Docker exec with a TTY) seen as
// a sequence of events for a viewer, with input, resize and acknowledgements going the other way.
// The viewer may be xterm.js in a window, a browser over `pier serve`, or the user's own terminal
// (`pier ssh`); the session does not care which.
import { asyncQueue } from '../async-queue'
import { OutputPump, type PumpOptions } from './output-pump'

export type TerminalEvent =
  | { t: 'out'; data: string; bytes: number }
  | { t: 'exit'; code: number | null; signal: string | null }

/** What a session needs from the thing it wraps. */
export interface TerminalBackend {
  /** Output; a TTY merges stdout and stderr into it. */
  onData(listener: (data: Buffer) => void): void
  /** Fires once when the remote side is done; output received before it is still delivered. */
  onEnd(listener: (code: number | null, signal: string | null) => void): void
  write(data: string | Buffer): void
  /** No more input (EOF), for a shell fed from a pipe. */
  endInput(): void
  resize(cols: number, rows: number): void
  pause(): void
  resume(): void
  close(): void
}

export interface TerminalInfo {
  id: string
  server: string
  kind: 'shell' | 'container'
  /** The container, for container shells. */
  target: string | null
  cols: number
  rows: number
  openedAt: string
}

export class TerminalSession {
  private readonly queue = asyncQueue<TerminalEvent>()
  private readonly pump: OutputPump
  private closed = false
  private readonly closers: (() => void)[] = []

  constructor(
    readonly info: TerminalInfo,
    private readonly backend: TerminalBackend,
    pump: PumpOptions = {}
  ) {
    this.pump = new OutputPump(backend, (chunk) => this.queue.push({ t: 'out', ...chunk }), pump)
    backend.onData((d) => this.pump.push(d))
    backend.onEnd((code, signal) => {
      this.pump.end()
      // The exit comes after the last byte of output, however long the viewer takes to draw it.
      void this.pump.drained().then(() => {
        this.queue.push({ t: 'exit', code, signal })
        this.queue.end()
        this.finish()
      })
    })
  }

  /** Output, then one exit event; ends when the remote side ends or the session is closed. */
  events(): AsyncIterable<TerminalEvent> {
    return this.queue
  }

  write(data: string | Buffer): void {
    if (!this.closed) this.backend.write(data)
  }

  endInput(): void {
    if (!this.closed) this.backend.endInput()
  }

  resize(cols: number, rows: number): void {
    if (this.closed) return
    this.info.cols = cols
    this.info.rows = rows
    this.backend.resize(cols, rows)
  }

  ack(bytes: number): void {
    this.pump.ack(bytes)
  }

  get unacknowledged(): number {
    return this.pump.unacknowledged
  }

  get peakUnacknowledged(): number {
    return this.pump.peakUnacked
  }

  /** Calls back once the session is over, whichever side ended it. */
  onClosed(listener: () => void): void {
    if (this.closed) listener()
    else this.closers.push(listener)
  }

  close(): void {
    if (this.closed) return
    this.backend.close()
    this.queue.end()
    this.finish()
  }

  private finish(): void {
    this.closed = true
    this.closers.splice(0).forEach((c) => c())
  }
}
