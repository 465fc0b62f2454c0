// Runs in: renderer (pure; no DOM).
// Finding text in a log: case-insensitive, every occurrence, in line order, so "next" and
// "previous" walk the log top to bottom. A growing log is searched incrementally.
import type { AnsiSegment } from './ansi'

export interface LogMatch {
  line: number
  start: number
  end: number
}

/** Occurrences of `query` in the lines `from`..`to` (exclusive); `plainAt` reads a line's text. */
export function findMatches(
  plainAt: (line: number) => string,
  query: string,
  from: number,
  to: number
): LogMatch[] {
  const out: LogMatch[] = []
  if (query === '') return out
  const needle = query.toLowerCase()
  for (let line = from; line < to; line++) {
    const hay = plainAt(line).toLowerCase()
    for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) {
      out.push({ line, start: at, end: at + needle.length })
    }
  }
  return out
}

/** Index of the first match on or after `line` (matches sorted by line); matches.length if none. */
export function firstMatchFrom(matches: readonly LogMatch[], line: number): number {
  let lo = 0
  let hi = matches.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if ((matches[mid] as LogMatch).line < line) lo = mid + 1
    else hi = mid
  }
  return lo
}

export type MarkedSegment = AnsiSegment & { mark?: 'match' | 'current' }

/**
 * Cuts a line's segments at the match boundaries so each match can be wrapped in <mark>.
 * `ranges` are [start, end) in the line's plain text, sorted and not overlapping.
 */
export function markSegments(
  segments: readonly AnsiSegment[],
  ranges: readonly { start: number; end: number; current?: boolean }[]
): MarkedSegment[] {
  if (ranges.length === 0) return segments as MarkedSegment[]
  const out: MarkedSegment[] = []
  let pos = 0
  let r = 0
  for (const seg of segments) {
    let i = 0
    while (i < seg.text.length) {
      const abs = pos + i
      while (r < ranges.length && (ranges[r] as { end: number }).end <= abs) r++
      const range = ranges[r]
      if (!range || range.start >= pos + seg.text.length) {
        out.push({ text: seg.text.slice(i), style: seg.style })
        break
      }
      if (range.start > abs) {
        out.push({ text: seg.text.slice(i, range.start - pos), style: seg.style })
        i = range.start - pos
        continue
      }
      const stop = Math.min(range.end - pos, seg.text.length)
      out.push({
        text: seg.text.slice(i, stop),
        style: seg.style,
        mark: range.current ? 'current' : 'match'
      })
      i = stop
    }
    pos += seg.text.length
  }
  return out
}
