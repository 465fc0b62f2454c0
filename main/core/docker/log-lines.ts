// Runs in: main, CLI, headless server (pure).
// Docker's log stream as lines: the multiplexed framing of non-Tty containers (8-byte headers:
// stream id, three zero bytes, big-endian length) is taken apart incrementally, each stream is
// split into lines on its own, and the RFC 3339 timestamp that `timestamps=true` puts in front
// of each line becomes a field. Frames and UTF-8 characters may be split across chunks.
import { StringDecoder } from 'node:string_decoder'

export type LogStream = 'stdout' | 'stderr'

export interface LogLine {
  stream: LogStream
  line: string
  ts?: string
}

export interface Frame {
  stream: LogStream
  data: Buffer
}

/** Cuts a multiplexed byte stream into frames; keeps a partial frame for the next push. */
export class FrameDemuxer {
  private pending: Buffer = Buffer.alloc(0)

  push(chunk: Buffer): Frame[] {
    let buf = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk
    const frames: Frame[] = []
    while (buf.length >= 8) {
      const size = buf.readUInt32BE(4)
      if (buf.length < 8 + size) break
      // 0 is stdin (never sent here), 1 stdout, 2 stderr.
      frames.push({ stream: buf[0] === 2 ? 'stderr' : 'stdout', data: buf.subarray(8, 8 + size) })
      buf = buf.subarray(8 + size)
    }
    this.pending = Buffer.from(buf)
    return frames
  }
}

const TIMESTAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) /

/** Splits one stream into lines. */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8')
  private partial = ''

  constructor(
    private readonly stream: LogStream,
    private readonly timestamps: boolean
  ) {}

  private toLine(text: string): LogLine {
    const line = text.endsWith('\r') ? text.slice(0, -1) : text
    if (this.timestamps) {
      const m = TIMESTAMP.exec(line)
      if (m) return { stream: this.stream, line: line.slice(m[0].length), ts: m[1] }
    }
    return { stream: this.stream, line }
  }

  push(data: Buffer): LogLine[] {
    const parts = (this.partial + this.decoder.write(data)).split('\n')
    this.partial = parts.pop() ?? ''
    return parts.map((p) => this.toLine(p))
  }

  /** The last line, if the stream ended without a newline. */
  end(): LogLine[] {
    const rest = this.partial + this.decoder.end()
    this.partial = ''
    return rest === '' ? [] : [this.toLine(rest)]
  }
}

/**
 * Lines from the engine's log bytes. `tty` containers send raw bytes (all stdout); the rest
 * send multiplexed frames.
 */
export class LogDecoder {
  private readonly demux = new FrameDemuxer()
  private readonly out: LineSplitter
  private readonly err: LineSplitter

  constructor(
    private readonly tty: boolean,
    timestamps: boolean
  ) {
    this.out = new LineSplitter('stdout', timestamps)
    this.err = new LineSplitter('stderr', timestamps)
  }

  push(chunk: Buffer): LogLine[] {
    if (this.tty) return this.out.push(chunk)
    return this.demux
      .push(chunk)
      .flatMap((f) => (f.stream === 'stderr' ? this.err : this.out).push(f.data))
  }

  end(): LogLine[] {
    return [...this.out.end(), ...this.err.end()]
  }
}

/** All lines of a complete log buffer (a non-follow request). */
export function decodeLogs(buffer: Buffer, tty: boolean, timestamps: boolean): LogLine[] {
  const d = new LogDecoder(tty, timestamps)
  return [...d.push(buffer), ...d.end()]
}

/**
 * A user's since/until as the engine wants it (unix seconds, fractions allowed): unix seconds,
 * an RFC 3339 date, or a duration back from now ("90s", "10m", "2h", "1d").
 */
export function timeParam(value: string, now = Date.now()): string | null {
  const v = value.trim()
  if (/^\d+(\.\d+)?$/.test(v)) return v
  const d = /^(\d+)(s|m|h|d)$/.exec(v)
  if (d) {
    const unit = { s: 1, m: 60, h: 3600, d: 86_400 }[d[2] as 's' | 'm' | 'h' | 'd']
    return String(Math.floor(now / 1000) - Number(d[1]) * unit)
  }
  if (/^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d(\.\d+)?)?)?(Z|[+-]\d\d:?\d\d)?$/.test(v)) {
    const ms = Date.parse(v)
    if (Number.isFinite(ms)) return String(ms / 1000)
  }
  return null
}

/** An engine timestamp (RFC 3339 with nanoseconds) as [seconds, nanoseconds], for ordering. */
export function tsParts(ts: string): [number, number] | null {
  const m = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(ts)
  if (!m) return null
  const seconds = Date.parse(`${m[1]}${m[3]}`) / 1000
  if (!Number.isFinite(seconds)) return null
  return [seconds, Number((m[2] ?? '').padEnd(9, '0').slice(0, 9))]
}

export function tsAfter(a: [number, number], b: [number, number]): boolean {
  return a[0] > b[0] || (a[0] === b[0] && a[1] > b[1])
}

/** The engine's `since` for "from this timestamp on" (inclusive; the caller skips repeats). */
export function sinceParam(parts: [number, number]): string {
  return `${parts[0]}.${String(parts[1]).padStart(9, '0')}`
}
