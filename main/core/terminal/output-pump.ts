// Runs in: main, CLI, headless server.
// Moves a terminal's output from the remote channel to the viewer without ever letting a flood
// (`yes`, `cat` of a big file) run ahead of what the viewer has drawn:
// - output is batched (about one frame, or 64 KiB), so a chatty program costs a few messages a
//   frame, not one per SSH packet;
// - every batch counts as unacknowledged until the viewer says it has drawn it; above the high
//   watermark nothing more is sent and the channel is paused, which stops SSH window adjusts so
//   the server stops sending too; below the low watermark the channel resumes;
// - UTF-8 is decoded here with a StringDecoder, so a character split across two packets (or two
//   batches) arrives whole.
// Input never waits on any of this, so Ctrl-C reaches the server at once even mid-flood.
import { StringDecoder } from 'node:string_decoder'

export interface PumpSource {
  pause(): void
  resume(): void
}

export interface OutputChunk {
  data: string
  /** Raw bytes this chunk stands for: what the viewer acknowledges once drawn. */
  bytes: number
}

export interface PumpOptions {
  batchMs?: number
  batchBytes?: number
  highWater?: number
  lowWater?: number
}

export const PUMP_DEFAULTS = {
  batchMs: 16,
  batchBytes: 64 * 1024,
  highWater: 100_000,
  lowWater: 8 * 1024
} as const

/** Below this many bytes per batch interval, output counts as interactive and is not held. */
const INTERACTIVE_BYTES = 4096

export class OutputPump {
  private pending: Buffer[] = []
  private pendingBytes = 0
  private unacked = 0
  private paused = false
  /** Cancels the scheduled flush, if one is scheduled. */
  private timer: (() => void) | null = null
  /** Bytes sent in the current batch interval, and when that interval began. */
  private windowBytes = 0
  private windowStart = 0
  private ended = false
  private waiters: (() => void)[] = []
  private readonly decoder = new StringDecoder('utf8')
  private readonly o: Required<PumpOptions>
  /** The most that was ever unacknowledged at once (for tests and benchmarks). */
  peakUnacked = 0

  constructor(
    private readonly source: PumpSource,
    private readonly sink: (chunk: OutputChunk) => void,
    options: PumpOptions = {}
  ) {
    this.o = { ...PUMP_DEFAULTS, ...options }
  }

  /** Raw output from the channel. */
  push(data: Buffer): void {
    if (this.ended || data.length === 0) return
    this.pending.push(data)
    this.pendingBytes += data.length
    if (this.pendingBytes >= this.o.batchBytes) this.flush()
    else if (!this.timer) this.timer = this.schedule()
    // Holding more than a batch the viewer may not take yet: stop reading until it catches up.
    if (this.pendingBytes >= this.o.batchBytes && this.room() === 0) this.pause()
  }

  /** The viewer has drawn `bytes` more bytes. */
  ack(bytes: number): void {
    if (!Number.isFinite(bytes) || bytes <= 0) return
    this.unacked = Math.max(0, this.unacked - Math.floor(bytes))
    if (this.pendingBytes > 0) this.flush()
    if (this.paused && this.unacked <= this.o.lowWater && this.pendingBytes < this.o.batchBytes) {
      this.paused = false
      this.source.resume()
    }
  }

  /** The channel ended: send what is left (as the viewer makes room) and stop. */
  end(): void {
    this.ended = true
    this.flush()
  }

  /** Resolves once the channel has ended and every byte has been handed to the sink. */
  drained(): Promise<void> {
    if (this.ended && this.pendingBytes === 0) return Promise.resolve()
    return new Promise((resolve) => this.waiters.push(resolve))
  }

  get unacknowledged(): number {
    return this.unacked
  }

  /** Bytes still held here, waiting for the viewer to make room. */
  get held(): number {
    return this.pendingBytes
  }

  /**
   * Interactive output (a keystroke's echo, a prompt) goes out on the next turn of the event
   * loop, so typing never waits for a batch interval; once an interval has carried more than a
   * few KiB the output is a flood, and the rest of it waits for the interval's end.
   */
  private schedule(): () => void {
    const now = Date.now()
    if (now - this.windowStart >= this.o.batchMs) {
      this.windowStart = now
      this.windowBytes = 0
    }
    if (this.windowBytes < INTERACTIVE_BYTES) return this.after(0)
    return this.after(this.o.batchMs - (now - this.windowStart))
  }

  private after(ms: number): () => void {
    if (ms <= 0) {
      const i = setImmediate(() => this.flush())
      return () => clearImmediate(i)
    }
    const t = setTimeout(() => this.flush(), ms)
    return () => clearTimeout(t)
  }

  private clearTimer(): void {
    this.timer?.()
    this.timer = null
  }

  private room(): number {
    return Math.max(0, this.o.highWater - this.unacked)
  }

  private pause(): void {
    if (this.paused) return
    this.paused = true
    this.source.pause()
  }

  private flush(): void {
    this.clearTimer()
    const n = Math.min(this.pendingBytes, this.room(), this.o.batchBytes)
    if (n > 0) {
      const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending)
      const out = all.subarray(0, n)
      const rest = all.subarray(n)
      this.pending = rest.length > 0 ? [rest] : []
      this.pendingBytes = rest.length
      this.unacked += n
      this.windowBytes += n
      this.peakUnacked = Math.max(this.peakUnacked, this.unacked)
      let data = this.decoder.write(out)
      if (this.ended && this.pendingBytes === 0) data += this.decoder.end()
      this.sink({ data, bytes: n })
    }
    if (this.pendingBytes === 0) {
      if (this.ended) this.waiters.splice(0).forEach((w) => w())
      return
    }
    if (this.room() === 0) {
      this.pause()
      return
    }
    // More is waiting and the viewer has room: send it in the next batch.
    this.timer = this.after(this.ended ? 0 : this.o.batchMs)
  }
}
