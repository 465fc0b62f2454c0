// Runs in: renderer (pure; no DOM).
// The lines a log view shows: an append-only list, each line parsed once from its ANSI text into
// styled segments plus its plain text (for search, copy and download). Colours carry from one
// line to the next within a stream, as they do in a terminal. Producers push whenever data
// arrives; the view subscribes and repaints at most once a frame, so a flood of lines costs one
// render, not one per line.
import { createAnsiParser, type AnsiParser, type AnsiSegment } from './ansi'

export type LogStream = 'stdout' | 'stderr'

/** One line as a producer hands it over: raw text (ANSI allowed), no newline. */
export interface LogLine {
  text: string
  stream?: LogStream
  /** When the line was written (ISO 8601), if the source records it. */
  time?: string
}

export interface ParsedLine {
  segments: AnsiSegment[]
  plain: string
  stream?: LogStream
  time?: string
}

/**
 * A carriage return inside a line means "back to the start": what a progress bar overwrites is
 * gone in a terminal, so only what follows the last one is shown. A trailing \r (CRLF) is noise.
 */
export function overwriteCarriageReturns(segments: readonly AnsiSegment[]): AnsiSegment[] {
  const out = segments.map((s) => ({ ...s }))
  for (let last = out[out.length - 1]; last && /\r$/.test(last.text); last = out[out.length - 1]) {
    last.text = last.text.replace(/\r+$/, '')
    if (last.text !== '') break
    out.pop()
  }
  for (let i = out.length - 1; i >= 0; i--) {
    const seg = out[i] as AnsiSegment
    const cr = seg.text.lastIndexOf('\r')
    if (cr < 0) continue
    seg.text = seg.text.slice(cr + 1)
    return out.slice(i).filter((s) => s.text !== '')
  }
  return out
}

export class LogBuffer {
  private readonly lines: ParsedLine[] = []
  private readonly parsers = new Map<string, AnsiParser>()
  private readonly listeners = new Set<() => void>()

  get length(): number {
    return this.lines.length
  }

  line(index: number): ParsedLine | undefined {
    return this.lines[index]
  }

  append(lines: readonly LogLine[]): void {
    if (lines.length === 0) return
    for (const l of lines) {
      const key = l.stream ?? ''
      let parser = this.parsers.get(key)
      if (!parser) this.parsers.set(key, (parser = createAnsiParser()))
      const segments = overwriteCarriageReturns(parser.write(l.text))
      // A sequence never spans lines here: whatever a line left open is dropped.
      parser.abandon()
      const parsed: ParsedLine = { segments, plain: segments.map((s) => s.text).join('') }
      if (l.stream) parsed.stream = l.stream
      if (l.time) parsed.time = l.time
      this.lines.push(parsed)
    }
    for (const fn of this.listeners) fn()
  }

  /** The plain text of every line, as a file would hold it (time first, when known). */
  text(): string {
    return this.lines.map((l) => (l.time ? `${l.time} ${l.plain}` : l.plain)).join('\n') + '\n'
  }

  /** Called after every append; returns the unsubscribe function. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }
}
