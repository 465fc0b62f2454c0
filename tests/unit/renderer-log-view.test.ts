// The log viewer's logic: which rows a scroll position renders, following the end, search and
// its highlights, the line buffer (ANSI carried across lines, carriage returns) and turning a
// job log's chunks into timestamped lines.
import { describe, expect, it } from 'vitest'
import { PLAIN, parseAnsi } from '../../renderer/src/lib/ansi'
import { clockTime, jobLogLine, lineSplitter } from '../../renderer/src/lib/job-log'
import { LogBuffer, overwriteCarriageReturns } from '../../renderer/src/lib/log-buffer'
import { findMatches, firstMatchFrom, markSegments } from '../../renderer/src/lib/log-search'
import { atBottom, scrollTopForRow, visibleRows } from '../../renderer/src/lib/virtual-rows'

describe('visibleRows', () => {
  const base = { rowHeight: 18, height: 360, count: 100_000, overscan: 0 }

  it('renders exactly the rows in view at the top, in the middle and at the end', () => {
    expect(visibleRows({ ...base, scrollTop: 0 })).toEqual({ start: 0, end: 20 })
    // Half a row scrolled: the first row is partly visible, and one more peeks in below.
    expect(visibleRows({ ...base, scrollTop: 9 })).toEqual({ start: 0, end: 21 })
    expect(visibleRows({ ...base, scrollTop: 18 * 5000 })).toEqual({ start: 5000, end: 5020 })
    const bottom = 100_000 * 18 - 360
    expect(visibleRows({ ...base, scrollTop: bottom })).toEqual({ start: 99_980, end: 100_000 })
  })

  it('adds the overscan on both sides, clamped to the list', () => {
    expect(visibleRows({ ...base, overscan: 10, scrollTop: 18 * 5000 })).toEqual({
      start: 4990,
      end: 5030
    })
    expect(visibleRows({ ...base, overscan: 10, scrollTop: 0 })).toEqual({ start: 0, end: 30 })
    expect(visibleRows({ ...base, overscan: 10, scrollTop: 100_000 * 18 })).toEqual({
      start: 99_990,
      end: 100_000
    })
  })

  it('renders only a screenful however long the log is', () => {
    for (const count of [10, 1_000, 100_000, 2_000_000]) {
      const { start, end } = visibleRows({ ...base, count, overscan: 20, scrollTop: 18 * 700 })
      expect(end - start).toBeLessThanOrEqual(20 + 2 * 20 + 1)
    }
  })

  it('handles short, empty and not-yet-measured views', () => {
    expect(visibleRows({ ...base, count: 5, scrollTop: 0 })).toEqual({ start: 0, end: 5 })
    expect(visibleRows({ ...base, count: 0, scrollTop: 0 })).toEqual({ start: 0, end: 0 })
    expect(visibleRows({ ...base, height: 0, overscan: 3, scrollTop: 0 })).toEqual({
      start: 0,
      end: 3
    })
    // A scroll position past the end (the list shrank, or a stale event) never goes past it.
    expect(visibleRows({ ...base, count: 10, scrollTop: 99_999 })).toEqual({ start: 10, end: 10 })
  })
})

describe('following and jumping', () => {
  it('is at the bottom within the slack, not above it', () => {
    expect(atBottom(1640, 360, 2000, 18)).toBe(true)
    expect(atBottom(1625, 360, 2000, 18)).toBe(true)
    expect(atBottom(1600, 360, 2000, 18)).toBe(false)
    // Content shorter than the view is always at the bottom.
    expect(atBottom(0, 360, 100, 18)).toBe(true)
  })

  it('centres a row, clamped to the start and the end', () => {
    expect(scrollTopForRow(500, 18, 360, 1000)).toBe(500 * 18 - 171)
    expect(scrollTopForRow(2, 18, 360, 1000)).toBe(0)
    expect(scrollTopForRow(999, 18, 360, 1000)).toBe(1000 * 18 - 360)
  })
})

describe('search', () => {
  const lines = ['Error: disk full', 'all fine', 'error again, ERROR', '']
  const at = (i: number): string => lines[i] ?? ''

  it('finds every case-insensitive occurrence, in order', () => {
    expect(findMatches(at, 'error', 0, lines.length)).toEqual([
      { line: 0, start: 0, end: 5 },
      { line: 2, start: 0, end: 5 },
      { line: 2, start: 13, end: 18 }
    ])
    expect(findMatches(at, 'nothing', 0, lines.length)).toEqual([])
    expect(findMatches(at, '', 0, lines.length)).toEqual([])
  })

  it('searches only the given range, so a growing log is searched incrementally', () => {
    expect(findMatches(at, 'error', 1, 3)).toHaveLength(2)
    expect(findMatches(at, 'error', 3, 2)).toEqual([])
  })

  it('finds the first match on or after a row', () => {
    const m = findMatches(at, 'error', 0, lines.length)
    expect(firstMatchFrom(m, 0)).toBe(0)
    expect(firstMatchFrom(m, 1)).toBe(1)
    expect(firstMatchFrom(m, 3)).toBe(3)
  })

  it('cuts styled segments at the matches, keeping their styles', () => {
    const segs = parseAnsi('plain \x1b[31mred error\x1b[0m tail')
    const marked = markSegments(segs, [
      { start: 4, end: 8 },
      { start: 10, end: 15, current: true }
    ])
    expect(marked.map((s) => [s.text, s.mark ?? null, s.style.fg])).toEqual([
      ['plai', null, null],
      ['n ', 'match', null],
      ['re', 'match', 1],
      ['d ', null, 1],
      ['error', 'current', 1],
      [' tail', null, null]
    ])
    expect(markSegments(segs, [])).toBe(segs)
  })
})

describe('LogBuffer', () => {
  it('parses each line once, carrying a colour to the next line of the same stream', () => {
    const b = new LogBuffer()
    b.append([
      { text: '\x1b[32mgreen starts' },
      { text: 'still green\x1b[0m' },
      { text: 'plain', stream: 'stderr' }
    ])
    expect(b.length).toBe(3)
    expect(b.line(1)!.segments[0]!.style.fg).toBe(2)
    expect(b.line(1)!.plain).toBe('still green')
    expect(b.line(2)!.segments[0]!.style).toBe(PLAIN)
    expect(b.line(2)!.stream).toBe('stderr')
  })

  it('keeps markup as text in the plain copy', () => {
    const b = new LogBuffer()
    b.append([{ text: '<b>not bold</b>', time: '2025-01-02T03:04:05Z' }])
    expect(b.text()).toBe('2025-01-02T03:04:05Z <b>not bold</b>\n')
  })

  it('tells subscribers after each append, once per batch', () => {
    const b = new LogBuffer()
    let calls = 0
    const off = b.subscribe(() => calls++)
    b.append([{ text: 'a' }, { text: 'b' }])
    b.append([])
    off()
    b.append([{ text: 'c' }])
    expect(calls).toBe(1)
  })

  it('shows what a carriage return overwrote last, and drops a CRLF’s \\r', () => {
    const cr = (t: string): string =>
      overwriteCarriageReturns(parseAnsi(t))
        .map((s) => s.text)
        .join('')
    expect(cr('10%\r50%\r100%')).toBe('100%')
    expect(cr('done\r')).toBe('done')
    expect(cr('a\x1b[31mb\rc\x1b[0md\r')).toBe('cd')
    expect(cr('\r')).toBe('')
  })

  // Its speed is a benchmark's business; here: 100k coloured lines in batches arrive whole.
  it('takes 100k coloured lines in batches, in order, and finds one of them', () => {
    const b = new LogBuffer()
    const lines = Array.from({ length: 100_000 }, (_, i) => ({
      text: `\x1b[3${i % 8}mline ${i}\x1b[0m some ordinary log text after it`
    }))
    for (let i = 0; i < lines.length; i += 1000) b.append(lines.slice(i, i + 1000))
    expect(b.length).toBe(100_000)
    expect(b.line(99_999)!.plain).toBe('line 99999 some ordinary log text after it')
    expect(findMatches((i) => b.line(i)!.plain, 'line 5000 ', 0, b.length)).toHaveLength(1)
  })
})

describe('job log lines', () => {
  it('splits chunks cut anywhere into whole lines, keeping the unfinished one', () => {
    const s = lineSplitter()
    expect(s.push('one\ntw')).toEqual(['one'])
    expect(s.push('o\n\nthr')).toEqual(['two', ''])
    expect(s.push('ee')).toEqual([])
    expect(s.flush()).toEqual(['three'])
    expect(s.flush()).toEqual([])
  })

  it('moves the server’s UTC stamp into the line’s time', () => {
    expect(jobLogLine('2025-06-01T12:00:03Z \x1b[31mred')).toEqual({
      text: '\x1b[31mred',
      time: '2025-06-01T12:00:03Z'
    })
    expect(jobLogLine('no stamp here')).toEqual({ text: 'no stamp here' })
    expect(clockTime('not a time')).toBe('not a time')
    expect(clockTime('2025-06-01T12:00:03Z')).toMatch(/^\d\d:\d\d:03$/)
  })
})
