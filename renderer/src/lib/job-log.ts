// Runs in: renderer (pure; no DOM).
// A job's log arrives as chunks of text cut anywhere. Whole lines go to the log view; the server
// stamps each with a UTC time (remote-scripts/job-run.sh), which becomes the line's time.
import type { LogLine } from './log-buffer'

const STAMP = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ) /

export function jobLogLine(raw: string): LogLine {
  const m = STAMP.exec(raw)
  return m ? { text: raw.slice(m[0].length), time: m[1] as string } : { text: raw }
}

export interface LineSplitter {
  /** The complete lines in `chunk` (with what earlier chunks left over). */
  push(chunk: string): string[]
  /** The unfinished last line, once the stream has ended; empty when there is none. */
  flush(): string[]
}

export function lineSplitter(): LineSplitter {
  let rest = ''
  return {
    push(chunk) {
      const parts = (rest + chunk).split('\n')
      rest = parts.pop() ?? ''
      return parts
    },
    flush() {
      const last = rest
      rest = ''
      return last === '' ? [] : [last]
    }
  }
}

/** `14:03:07` in the viewer's time zone; the raw value when it is not a time. */
export function clockTime(iso: string): string {
  const at = Date.parse(iso)
  if (Number.isNaN(at)) return iso
  const d = new Date(at)
  const two = (n: number): string => String(n).padStart(2, '0')
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}`
}
