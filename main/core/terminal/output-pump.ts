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

export class OutputPump {
  private pending: Buffer[] = []
  private pendingBytes = 0
  private unacked = 0
  private paused = false
  private timer: NodeJS.Timeout | null = null
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
    else this.timer ??= setTimeout(() => this.flush(), this.o.batchMs)
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

  private room(): number {
    return Math.max(0, this.o.highWater - this.unacked)
  }

  private pause(): void {
    if (this.paused) return
    this.paused = true
    this.source.pause()
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const n = Math.min(this.pendingBytes, this.room(), this.o.batchBytes)
    if (n > 0) {
      const all = this.pending.length === 1 ? this.pending[0]! : Buffer.concat(this.pending)
      const out = all.subarray(0, n)
      const rest = all.subarray(n)
      this.pending = rest.length > 0 ? [rest] : []
      this.pendingBytes = rest.length
      this.unacked += n
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
    this.timer = setTimeout(() => this.flush(), this.ended ? 0 : this.o.batchMs)
  }
}
